package com.milvusgke.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one command-line parser of {@code plan} and {@code verify}: {@code --flag VALUE} options, {@code --switch}
 * flags, and {@code -h}/{@code --help}. A mistake is one message that names the argument and what it needs.
 */
public final class Arguments {

    /**
     * @param values   each option given, by flag (the last one wins)
     * @param switches the switches given
     * @param help     {@code -h} or {@code --help} was given (the rest is then not read)
     */
    public record Parsed(Map<String, String> values, Set<String> switches, boolean help) {
        public Optional<String> value(String flag) {
            return Optional.ofNullable(values.get(flag));
        }

        public boolean has(String flag) {
            return switches.contains(flag);
        }
    }

    /** A command line that cannot be read; the message names the argument. */
    public static final class BadArguments extends Exception {
        public BadArguments(String message) {
            super(message);
        }
    }

    private Arguments() {
    }

    /**
     * @param options  each option's flag and what its value is, e.g. {@code "--stack" -> "a stack name (e.g. --stack dev)"}
     * @param switches flags without a value
     */
    public static Parsed parse(String[] args, Map<String, String> options, Set<String> switches) throws BadArguments {
        var values = new LinkedHashMap<String, String>();
        var given = new TreeSet<String>();
        for (int i = 0; i < args.length; i++) {
            var flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                return new Parsed(Map.of(), Set.of(), true);
            }
            if (switches.contains(flag)) {
                given.add(flag);
                continue;
            }
            if (!options.containsKey(flag)) {
                throw new BadArguments("unexpected argument '" + flag + "'");
            }
            if (i + 1 >= args.length || args[i + 1].isBlank() || args[i + 1].startsWith("--")) {
                throw new BadArguments(flag + " needs " + options.get(flag));
            }
            values.put(flag, args[++i].trim());
        }
        return new Parsed(Map.copyOf(values), Set.copyOf(given), false);
    }
}
