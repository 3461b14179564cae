package com.milvusgke.status;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How {@code status} resolves the domain: the system's resolver, or a hosts file ({@code --hosts-file FILE} or
 * {@code $MILVUS_GKE_HOSTS_FILE}: lines {@code IP NAME...}, {@code #} comments) when the answer should come from
 * somewhere else (the e2e harness's DNS table; a zone about to be delegated).
 */
@FunctionalInterface
public interface Resolver {
    /** The addresses the name resolves to; empty when it does not resolve. */
    List<String> resolve(String name) throws IOException;

    String HOSTS_FILE_ENV = "MILVUS_GKE_HOSTS_FILE";

    static Resolver system() {
        return name -> {
            try {
                return Arrays.stream(InetAddress.getAllByName(name)).map(InetAddress::getHostAddress).toList();
            } catch (UnknownHostException e) {
                return List.of();
            }
        };
    }

    /** Only the file answers: a name it does not list does not resolve. Re-read at every lookup. */
    static Resolver hostsFile(Path file) {
        return name -> {
            var found = new ArrayList<String>();
            var wanted = canonicalName(name);
            for (var line : Files.readAllLines(file)) {
                var fields = line.replaceFirst("#.*", "").trim().split("\\s+");
                for (int i = 1; i < fields.length; i++) {
                    if (canonicalName(fields[i]).equals(wanted)) {
                        found.add(fields[0]);
                    }
                }
            }
            return found;
        };
    }

    private static String canonicalName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    }
}
