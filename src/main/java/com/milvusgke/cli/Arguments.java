package com.milvusgke.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one command-line parser of {@code plan} and {@code verify}: {@code --flag VALUE} options, {@code --switch}
 * flags, and {@code -h}/{@code --help}. A mistake is one message that names the argument and what it needs. A flag
 * given twice, or two flags that exclude each other, are mistakes too: silently letting the last one win once made
 * {@code plan --stack dev --config Pulumi.prod.yaml} write prod's settings under dev's names.
 */
public final class Arguments {

    /**
     * @param values   each option given, by flag (each flag at most once)
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
        return parse(args, options, switches, List.of());
    }

    /**
     * As {@link #parse(String[], Map, Set)}, where each group lists flags of which at most one may be given (e.g.
     * {@code --stack} and {@code --config}, two ways to name the same thing).
     */
    public static Parsed parse(String[] args, Map<String, String> options, Set<String> switches,
                               List<List<String>> exclusiveGroups) throws BadArguments {
        for (var arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                return new Parsed(Map.of(), Set.of(), true);
            }
        }
        var values = new LinkedHashMap<String, String>();
        var given = new TreeSet<String>();
        args = splitEquals(args, options);
        for (int i = 0; i < args.length; i++) {
            var flag = args[i];
            if (switches.contains(flag)) {
                if (!given.add(flag)) {
                    throw new BadArguments(flag + " is given twice; give it once");
                }
                continue;
            }
            if (!options.containsKey(flag)) {
                throw new BadArguments("unexpected argument '" + flag + "'" + hint(flag, options, switches));
            }
            if (i + 1 >= args.length || args[i + 1].isBlank() || args[i + 1].startsWith("--")) {
                throw new BadArguments(flag + " needs " + options.get(flag));
            }
            var value = args[++i].trim();
            var earlier = values.putIfAbsent(flag, value);
            if (earlier != null) {
                throw new BadArguments(flag + " is given twice (" + flag + " " + earlier + ", then " + flag + " " + value
                        + "); give it once");
            }
        }
        for (var group : exclusiveGroups) {
            var clashing = group.stream().filter(f -> values.containsKey(f) || given.contains(f))
                    .map(f -> values.containsKey(f) ? f + " " + values.get(f) : f).toList();
            if (clashing.size() > 1) {
                throw new BadArguments(String.join(" and ", clashing) + " cannot be given together: give only one of "
                        + String.join(", ", group));
            }
        }
        return new Parsed(Map.copyOf(values), Set.copyOf(given), false);
    }

    /** {@code --stack=dev} as {@code --stack dev}, for the options that take a value (the spelling many tools accept). */
    private static String[] splitEquals(String[] args, Map<String, String> options) {
        var split = new java.util.ArrayList<String>();
        for (var arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2 && options.containsKey(arg.substring(0, eq))) {
                split.add(arg.substring(0, eq));
                split.add(arg.substring(eq + 1));
            } else {
                split.add(arg);
            }
        }
        return split.toArray(String[]::new);
    }

    /** For a short flag such as pulumi's {@code -s}: the long one it most likely stands for, with its example. */
    private static String hint(String flag, Map<String, String> options, Set<String> switches) {
        if (flag.length() == 2 && flag.charAt(0) == '-' && Character.isLetter(flag.charAt(1))) {
            var matches = new TreeSet<String>();
            options.keySet().stream().filter(o -> o.startsWith("--" + flag.charAt(1))).forEach(matches::add);
            switches.stream().filter(o -> o.startsWith("--" + flag.charAt(1))).forEach(matches::add);
            if (matches.size() == 1) {
                var candidate = matches.first();
                return "; did you mean " + candidate + "?" + (options.containsKey(candidate) ? " It needs " + options.get(candidate) : "");
            }
        }
        var all = new TreeSet<String>(options.keySet());
        all.addAll(switches);
        return "; the flags are " + String.join(", ", all);
    }
}
