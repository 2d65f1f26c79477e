package io.switchboard.translation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How one target dialect writes a string value inside a string literal, as sqlglot's generator
 * does it: which characters it escapes and how. Learned at warm-up by asking sqlglot to write
 * each special character, so the cache re-binds string literals exactly as a fresh translation
 * would, without a Python call. Characters that were not probed and could be special (other
 * control characters) are refused, which sends such a query through sqlglot.
 */
public final class StringStyle {
    /** The characters whose rendering differs between dialects: quotes, backslash, control characters. */
    private static final String PROBED = "'\\\"\n\r\t\0\b\f\u001a\u0007";
    private static final String PLAIN = "a";

    private final Map<Character, String> escapes;

    private StringStyle(Map<Character, String> escapes) {
        this.escapes = Map.copyOf(escapes);
    }

    /** The values to ask sqlglot to write, in the order {@link #fromRendered} expects them. */
    static List<String> probeValues() {
        List<String> values = new ArrayList<>();
        values.add(PLAIN);
        for (char c : PROBED.toCharArray()) {
            values.add(String.valueOf(c));
        }
        return values;
    }

    /**
     * Builds the style from sqlglot's rendering of {@link #probeValues()}. A character whose
     * rendering does not fit the dialect's plain quoting is left out, i.e. refused.
     */
    static StringStyle fromRendered(List<String> rendered) {
        if (rendered.size() != PROBED.length() + 1) {
            throw new IllegalArgumentException("expected " + (PROBED.length() + 1) + " renderings but got " + rendered.size());
        }
        String plain = rendered.get(0);
        int at = plain.indexOf(PLAIN);
        if (at < 0) {
            throw new IllegalArgumentException("sqlglot wrote the string 'a' as " + plain);
        }
        String prefix = plain.substring(0, at);
        String suffix = plain.substring(at + PLAIN.length());
        Map<Character, String> escapes = new HashMap<>();
        for (int i = 0; i < PROBED.length(); i++) {
            String text = rendered.get(i + 1);
            if (text.startsWith(prefix) && text.endsWith(suffix) && text.length() >= prefix.length() + suffix.length()) {
                escapes.put(PROBED.charAt(i), text.substring(prefix.length(), text.length() - suffix.length()));
            }
        }
        return new StringStyle(escapes);
    }

    /**
     * Appends {@code value} as the content of a string literal. Returns false, leaving
     * {@code out} in an unspecified state, when the value holds a character this style refuses.
     */
    boolean appendEscaped(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '\'' || c == '\\' || c == '"') {
                String escaped = escapes.get(c);
                if (escaped == null) {
                    return false;
                }
                out.append(escaped);
            } else {
                out.append(c);
            }
        }
        return true;
    }
}
