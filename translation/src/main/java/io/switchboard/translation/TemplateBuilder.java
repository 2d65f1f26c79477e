package io.switchboard.translation;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds where a statement's literals land in its translation, by translating a <em>probe</em>: the
 * statement with every free literal replaced by a unique sentinel of the same kind. Each sentinel
 * must come out exactly once, as a number or inside a string literal; a sentinel that vanished
 * (folded, turned into a keyword), came out twice or landed in a name is pinned, and the probe is
 * repeated. The template must then reproduce the real translation from the real literals, or the
 * strings are pinned too; failing that, the template is the translation itself (exact text only).
 * Literals may move (LIMIT and OFFSET swap places in some dialects): holes are found by sentinel,
 * not by position.
 */
final class TemplateBuilder {
    /** Number sentinels start here; far from the numbers queries and sqlglot write. */
    private static final long NUMBER_SENTINEL_BASE = 7_304_011;
    private static final String STRING_SENTINEL_PREFIX = "sbqz";
    private static final int MAX_PROBES = 3;

    /** Translates a probe statement the way the real statement is translated (sqlglot, then scripts). */
    interface ProbeTranslator {
        Sqlglot.ProbeTranslation translate(String probeSql, List<String> stringSentinels);
    }

    /** A template, or why the shape keeps only its exact text. */
    record Outcome(TranslationTemplate template, String pinnedBecause) {}

    private TemplateBuilder() {}

    static Outcome build(String sql, List<SourceLiteral> literals, String translated, Dialect target, StringStyle style,
            ProbeTranslator probes) {
        boolean[] pin = new boolean[literals.size()];
        boolean anyFree = false;
        for (int i = 0; i < literals.size(); i++) {
            pin[i] = !literals.get(i).bindable();
            anyFree |= !pin[i];
        }
        if (!anyFree) {
            return new Outcome(TranslationTemplate.exact(translated, literals), "no literal can be re-bound");
        }
        String why = "";
        boolean stringsPinned = false;
        for (int probe = 0; probe < MAX_PROBES; probe++) {
            Probe plan = Probe.of(sql, literals, pin);
            if (plan.sentinels().isEmpty()) {
                break;
            }
            Sqlglot.ProbeTranslation output;
            try {
                output = probes.translate(plan.sql(), plan.stringSentinels());
            } catch (SqlglotException e) {
                // A sentinel upset sqlglot (it parses some strings, e.g. interval texts): keep the
                // strings as they are and re-bind numbers only.
                if (stringsPinned) {
                    break;
                }
                stringsPinned = true;
                why = "sqlglot rejects the probe: " + e.getMessage();
                pinStrings(literals, pin);
                continue;
            }
            Located located = locate(output.sql(), target, plan);
            if (!located.misplaced().isEmpty()) {
                for (int literal : located.misplaced()) {
                    pin[literal] = true;
                }
                why = "sqlglot folds, repeats or reinterprets some literals";
                continue;
            }
            boolean[] plainLetters = new boolean[literals.size()];
            for (Map.Entry<Integer, String> sentinel : plan.sentinels().entrySet()) {
                plainLetters[sentinel.getKey()] = output.plainStringSentinels().contains(sentinel.getValue());
            }
            String[] pinned = new String[literals.size()];
            for (int i = 0; i < literals.size(); i++) {
                pinned[i] = pin[i] ? literals.get(i).text() : null;
            }
            TranslationTemplate template = new TranslationTemplate(located.pieces(), located.holes(), located.stringContent(),
                    pinned, plainLetters, style);
            if (translated.equals(template.renderUnverified(literals))) {
                template.verify(literals);
                return new Outcome(template, why);
            }
            if (stringsPinned) {
                break;
            }
            // The sentinels came through but the real values do not render the same: sqlglot reads
            // some string's content. Keep strings as part of the shape and re-bind numbers only.
            stringsPinned = true;
            why = "sqlglot reads the content of some string literals";
            pinStrings(literals, pin);
        }
        return new Outcome(TranslationTemplate.exact(translated, literals), why.isEmpty() ? "no literal can be re-bound" : why);
    }

    private static void pinStrings(List<SourceLiteral> literals, boolean[] pin) {
        for (int i = 0; i < literals.size(); i++) {
            if (literals.get(i).kind() == SourceLiteral.Kind.STRING) {
                pin[i] = true;
            }
        }
    }

    /** True for a string whose content is all digits, such as an interval's {@code '90'}. */
    private static boolean digitsOnly(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** The probe statement and the sentinel that replaced each free literal. */
    private record Probe(String sql, Map<Integer, String> sentinels, List<String> stringSentinels, Set<Integer> stringSlots) {

        static Probe of(String sql, List<SourceLiteral> literals, boolean[] pin) {
            Map<Integer, String> sentinels = new HashMap<>();
            List<String> strings = new ArrayList<>();
            Set<Integer> stringSlots = new HashSet<>();
            StringBuilder probe = new StringBuilder(sql.length() + 16 * literals.size());
            long base = NUMBER_SENTINEL_BASE;
            // Keep sentinels distinguishable from anything the statement itself holds.
            while (holdsSentinelDigits(sql, base, literals.size())) {
                base += 1_000_000_000L;
            }
            int cursor = 0;
            for (int i = 0; i < literals.size(); i++) {
                SourceLiteral literal = literals.get(i);
                if (pin[i]) {
                    continue;
                }
                probe.append(sql, cursor, literal.start());
                String sentinel;
                if (literal.kind() == SourceLiteral.Kind.NUMBER) {
                    String digits = Long.toString(base + 10L * i);
                    sentinel = "decimal".equals(SourceLiteral.numberForm(literal.text())) ? digits + ".5" : digits;
                    probe.append(sentinel);
                } else {
                    // Digits stay digits, so that sqlglot parses the probe as it parses the statement
                    // (INTERVAL '90' DAY must not become INTERVAL 'text' DAY, which it rejects).
                    sentinel = digitsOnly(literal.value()) ? Long.toString(base + 10L * i)
                            : STRING_SENTINEL_PREFIX + (base + 10L * i) + "q";
                    strings.add(sentinel);
                    stringSlots.add(i);
                    probe.append('\'').append(sentinel).append('\'');
                }
                sentinels.put(i, sentinel);
                cursor = literal.end();
            }
            probe.append(sql, cursor, sql.length());
            return new Probe(probe.toString(), sentinels, strings, stringSlots);
        }
    }

    private static boolean holdsSentinelDigits(String sql, long base, int literals) {
        for (int i = 0; i < literals; i++) {
            if (sql.contains(Long.toString(base + 10L * i))) {
                return true;
            }
        }
        return false;
    }

    private record Located(List<String> pieces, List<Integer> holes, List<Boolean> stringContent, Set<Integer> misplaced) {}

    private record Occurrence(int start, int end, int literal, boolean inString) {}

    private static Located locate(String output, Dialect target, Probe plan) {
        Map<Integer, Integer> counts = new HashMap<>();
        Set<Integer> misplaced = new HashSet<>();
        List<Occurrence> occurrences = new ArrayList<>();
        for (SqlToken token : SqlLexer.tokenize(output, target)) {
            for (Map.Entry<Integer, String> entry : plan.sentinels().entrySet()) {
                String sentinel = entry.getValue();
                boolean stringLiteral = plan.stringSlots().contains(entry.getKey());
                boolean numberSentinel = !sentinel.startsWith(STRING_SENTINEL_PREFIX);
                int from = 0;
                int at;
                while ((at = token.text().indexOf(sentinel, from)) >= 0) {
                    from = at + sentinel.length();
                    if (numberSentinel && !standsAlone(token.text(), at, from)) {
                        continue;
                    }
                    counts.merge(entry.getKey(), 1, Integer::sum);
                    boolean wholeNumber = !stringLiteral && token.type() == SqlToken.Type.NUMBER && token.text().equals(sentinel);
                    if (token.type() == SqlToken.Type.STRING || wholeNumber) {
                        occurrences.add(new Occurrence(token.start() + at, token.start() + from, entry.getKey(),
                                token.type() == SqlToken.Type.STRING && stringLiteral));
                    } else {
                        misplaced.add(entry.getKey());
                    }
                }
            }
        }
        for (Integer literal : plan.sentinels().keySet()) {
            if (counts.getOrDefault(literal, 0) != 1) {
                misplaced.add(literal);
            }
        }
        occurrences.sort((a, b) -> Integer.compare(a.start(), b.start()));
        List<String> pieces = new ArrayList<>();
        List<Integer> holes = new ArrayList<>();
        List<Boolean> stringContent = new ArrayList<>();
        int cursor = 0;
        for (Occurrence occurrence : occurrences) {
            pieces.add(output.substring(cursor, occurrence.start()));
            holes.add(occurrence.literal());
            stringContent.add(occurrence.inString());
            cursor = occurrence.end();
        }
        pieces.add(output.substring(cursor));
        return new Located(pieces, holes, stringContent, misplaced);
    }

    /** A number sentinel counts only as a whole number, not as digits inside a longer word or number. */
    private static boolean standsAlone(String text, int start, int end) {
        return (start == 0 || !isNumberPart(text.charAt(start - 1))) && (end >= text.length() || !isNumberPart(text.charAt(end)));
    }

    private static boolean isNumberPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.';
    }
}
