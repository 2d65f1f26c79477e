package io.switchboard.routing.rules;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A rule's regular expression with a literal prefilter. Most routing patterns require some
 * literal text ({@code (?i)\bfrom\s+lineitem\b} cannot match without "lineitem"); a plain
 * substring search for it rejects most queries in tens of nanoseconds, where the regex engine
 * walks every position of the text (microseconds for a case-insensitive pattern over a long
 * query). The regex still decides every query the prefilter lets through, so the prefilter may
 * only be missing, never wrong: {@link #requiredLiteral} extracts a literal conservatively and
 * gives up on anything it does not fully understand.
 *
 * @param literal text every match contains (lower case when {@code ignoreCase}), or null
 * @param ignoreCase whether the pattern starts with {@code (?i)}
 */
record RulePattern(Pattern pattern, String literal, boolean ignoreCase) {
    private static final int MIN_LITERAL = 3;
    private static final ThreadLocal<LowerCased> LOWER_CASED = ThreadLocal.withInitial(LowerCased::new);

    RulePattern {
        requireNonNull(pattern, "pattern is null");
    }

    static RulePattern of(Pattern pattern) {
        String regex = pattern.pattern();
        boolean ignoreCase = regex.startsWith("(?i)");
        // Inline flags show in flags(); a leading (?i) is the only one the extractor reads.
        String literal = (pattern.flags() & ~Pattern.CASE_INSENSITIVE) == 0 ? requiredLiteral(regex) : null;
        if (literal != null && ignoreCase) {
            literal = literal.toLowerCase(Locale.ROOT);
        }
        return new RulePattern(pattern, literal, ignoreCase);
    }

    /** True when the pattern is found in {@code sql}. */
    boolean find(String sql) {
        if (literal != null && !(ignoreCase ? lowerCase(sql) : sql).contains(literal)) {
            return false;
        }
        return pattern.matcher(sql).find();
    }

    /**
     * The text once lower-cased for all case-insensitive rules of one routing walk: the chain hands
     * every router the same {@code String}, so a one-entry cache per thread keyed by identity
     * serves them all. Lower-casing maps every ASCII letter to its lower case, which is all
     * Java's {@code (?i)} (ASCII case folding) can match, so the prefilter never rejects a match.
     */
    private static String lowerCase(String sql) {
        LowerCased cache = LOWER_CASED.get();
        if (cache.source != sql) {
            cache.source = sql;
            cache.lower = sql.toLowerCase(Locale.ROOT);
        }
        return cache.lower;
    }

    private static final class LowerCased {
        String source;
        String lower;
    }

    /**
     * The longest run of plain characters (letters, digits, {@code _}, space) that every match of
     * the pattern contains, or null. Only characters at the top level count (not inside a group,
     * which may be optional or an alternative), a character followed by {@code ?}, {@code *} or
     * {@code {} is optional and left out, and a pattern with top-level alternation, inline flags
     * other than a leading {@code (?i)}, quoting or escapes it does not know yields nothing.
     */
    static String requiredLiteral(String regex) {
        int i = regex.startsWith("(?i)") ? 4 : 0;
        int depth = 0;
        String best = "";
        StringBuilder run = new StringBuilder();
        while (i < regex.length()) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= regex.length()) {
                        return null;
                    }
                    char escaped = regex.charAt(i + 1);
                    if (Character.isLetterOrDigit(escaped) && "bBsSdDwWAzZGtnrfaeRhHvV".indexOf(escaped) < 0) {
                        return null; // quoting, property classes, hex and Unicode escapes, back references
                    }
                    best = longer(best, run);
                    i += 2;
                }
                case '[' -> {
                    best = longer(best, run);
                    i = endOfClass(regex, i);
                    if (i < 0) {
                        return null;
                    }
                }
                case '(' -> {
                    if (i + 1 < regex.length() && regex.charAt(i + 1) == '?' && !(i + 2 < regex.length() && regex.charAt(i + 2) == ':')) {
                        return null; // flags, look-around, named or atomic groups
                    }
                    best = longer(best, run);
                    depth++;
                    i++;
                }
                case ')' -> {
                    best = longer(best, run);
                    depth--;
                    i++;
                }
                case '|' -> {
                    if (depth == 0) {
                        return null;
                    }
                    best = longer(best, run);
                    i++;
                }
                case '?', '*', '{' -> {
                    if (!run.isEmpty()) {
                        run.setLength(run.length() - 1); // the quantified character may be absent
                    }
                    best = longer(best, run);
                    i = c == '{' ? regex.indexOf('}', i) + 1 : i + 1;
                    if (i == 0) {
                        return null;
                    }
                }
                default -> {
                    if (depth == 0 && (Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == ' ')) {
                        run.append(c);
                    } else {
                        best = longer(best, run);
                    }
                    i++;
                }
            }
        }
        best = longer(best, run);
        return best.strip().length() >= MIN_LITERAL ? best : null;
    }

    private static String longer(String best, StringBuilder run) {
        String candidate = run.toString();
        run.setLength(0);
        return candidate.length() > best.length() ? candidate : best;
    }

    /** The index after the {@code ]} closing the class that starts at {@code open}, or -1. */
    private static int endOfClass(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '[') {
                return -1; // nested classes and intersections
            } else if (c == ']') {
                return i + 1;
            } else {
                i++;
            }
        }
        return -1;
    }
}
