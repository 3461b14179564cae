package com.milvusgke.launch;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The jar's Main-Class: starts the program ({@code com.milvusgke.App}) in a JVM set up for a short run, and waits.
 *
 * <p>The Pulumi language host runs {@code java -jar target/milvus-gke-l7.jar} and can pass no JVM options (nor can a
 * jar's manifest), yet most of a preview is the JVM loading and compiling the SDK. So this small first JVM starts the
 * second with: the AppCDS archive the build trained beside the jar ({@code target/milvus-gke-l7.jsa}; the JVM maps
 * its classes instead of parsing and verifying them; a missing, stale or foreign archive is ignored silently), and
 * only the C1 compiler ({@code -XX:TieredStopAtLevel=1}: the program runs about a second, C2 never pays back). It
 * inherits stdin, stdout, stderr, the environment and the working directory, and its exit code is this one's. JVM
 * options given to this JVM ({@code java -Xmx1g -jar ...}) are passed on after these, so they win.
 *
 * <p>{@code -Dmilvusgke.launcher=off} runs the program in this JVM instead. (This class avoids {@code +} on strings,
 * regular expressions and lambdas: each costs this JVM milliseconds of bootstrapping before the program can start.)
 */
public final class Launcher {
    static final String PROGRAM = "com.milvusgke.App";
    /** Set on the program's JVM: this JVM's pid, which it watches (if this one is killed, it stops too). */
    public static final String PARENT_PID_PROPERTY = "milvusgke.launcher.pid";

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        var jar = ownJar();
        if ("off".equals(System.getProperty("milvusgke.launcher")) || jar == null) {
            Class.forName(PROGRAM).getMethod("main", String[].class).invoke(null, (Object) args);
            return;
        }
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var child = new ProcessBuilder(command(java, jar, JvmOptions.forThisJava(), inheritedOptions(), args))
                .inheritIO().start();
        Thread hook = new Thread(new Runnable() {
            @Override
            public void run() {
                child.destroy();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        int code = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(hook);
        System.exit(code);
    }

    /**
     * The command line of the program's JVM.
     *
     * @param javaOptions what this Java needs ({@link JvmOptions}); the caller's own options come after, so they win
     */
    static List<String> command(String java, Path jar, List<String> javaOptions, List<String> inheritedOptions,
                                String[] args) {
        var command = new ArrayList<String>();
        command.add(java);
        var archive = archiveOf(jar);
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=".concat(archive.toString()));
            command.add("-Xshare:auto");
            // A stale archive (jar rebuilt, another JDK) is not used; these keep the JVM from saying so on stdout.
            command.add("-Xlog:cds=off");
            command.add("-Xlog:cds+dynamic=off");
        }
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(javaOptions);
        command.add("-D".concat(PARENT_PID_PROPERTY).concat("=").concat(Long.toString(ProcessHandle.current().pid())));
        command.addAll(inheritedOptions);
        command.add("-cp");
        command.add(jar.toString());
        command.add(PROGRAM);
        command.addAll(List.of(args));
        return command;
    }

    /** {@code target/milvus-gke-l7.jar} -> {@code target/milvus-gke-l7.jsa}, which the build trains on a plan run. */
    static Path archiveOf(Path jar) {
        var name = jar.getFileName().toString();
        var base = name.endsWith(".jar") ? name.substring(0, name.length() - ".jar".length()) : name;
        return jar.resolveSibling(base.concat(".jsa"));
    }

    /** This jar, by its real path (the archive records the path it was trained with), or null outside a jar. */
    static Path ownJar() {
        try {
            var location = Launcher.class.getProtectionDomain().getCodeSource().getLocation();
            var path = Path.of(location.toURI());
            return Files.isRegularFile(path) ? path.toRealPath() : null;
        } catch (URISyntaxException | java.io.IOException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    /** The JVM options this JVM was started with (what comes before {@code -jar}), if the OS tells. */
    static List<String> inheritedOptions() {
        var arguments = ProcessHandle.current().info().arguments().orElse(new String[0]);
        var options = new ArrayList<String>();
        for (var argument : arguments) {
            if (argument.equals("-jar") || !argument.startsWith("-")) {
                break;
            }
            if (argument.startsWith("-XX:ArchiveClassesAtExit") || argument.equals("-cp") || argument.equals("-classpath")) {
                return List.of(); // not a plain `java [options] -jar`: pass nothing on rather than guess
            }
            options.add(argument);
        }
        return options;
    }

}
