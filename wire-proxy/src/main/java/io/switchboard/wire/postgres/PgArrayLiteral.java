package io.switchboard.wire.postgres;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PostgreSQL's array text ({@code {1,2,NULL}}, {@code {{"a b","c"},{d,e}}}) into nested
 * lists of element texts, with null for SQL NULL, the way {@code array_in} reads it.
 */
final class PgArrayLiteral {
    private final String text;
    private int position;

    private PgArrayLiteral(String text) {
        this.text = text;
    }

    static List<Object> parse(String text) {
        PgArrayLiteral parser = new PgArrayLiteral(text);
        parser.skipDimensionDecoration();
        parser.skipSpaces();
        List<Object> result = parser.array(0);
        parser.skipSpaces();
        if (parser.position != text.length()) {
            throw parser.malformed("junk after closing right brace");
        }
        return result;
    }

    /** {@code [1:3]={...}} gives explicit bounds; a SQL ARRAY[...] literal starts at 1 anyway. */
    private void skipDimensionDecoration() {
        skipSpaces();
        if (position < text.length() && text.charAt(position) == '[') {
            int equals = text.indexOf('=', position);
            if (equals < 0) {
                throw malformed("missing \"=\" after array dimensions");
            }
            position = equals + 1;
        }
    }

    private List<Object> array(int depth) {
        if (depth > 6) {
            throw malformed("number of array dimensions exceeds the maximum allowed (6)");
        }
        expect('{');
        List<Object> elements = new ArrayList<>();
        skipSpaces();
        if (peek() == '}') {
            position++;
            return elements;
        }
        while (true) {
            skipSpaces();
            char c = peek();
            if (c == '{') {
                elements.add(array(depth + 1));
            } else if (c == '"') {
                elements.add(quoted());
            } else {
                elements.add(unquoted());
            }
            skipSpaces();
            char next = peek();
            position++;
            if (next == '}') {
                return elements;
            }
            if (next != ',') {
                throw malformed("unexpected character");
            }
        }
    }

    private String quoted() {
        position++;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (position >= text.length()) {
                throw malformed("unexpected end of input");
            }
            char c = text.charAt(position++);
            if (c == '\\') {
                if (position >= text.length()) {
                    throw malformed("unexpected end of input");
                }
                out.append(text.charAt(position++));
            } else if (c == '"') {
                return out.toString();
            } else {
                out.append(c);
            }
        }
    }

    private String unquoted() {
        StringBuilder out = new StringBuilder();
        int lastSignificant = 0;
        boolean escaped = false;
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == ',' || c == '}') {
                break;
            }
            if (c == '{' || c == '"') {
                throw malformed("unexpected \"" + c + "\" character");
            }
            position++;
            if (c == '\\') {
                if (position >= text.length()) {
                    throw malformed("unexpected end of input");
                }
                out.append(text.charAt(position++));
                lastSignificant = out.length();
                escaped = true;
                continue;
            }
            out.append(c);
            if (!Character.isWhitespace(c)) {
                lastSignificant = out.length();
            }
        }
        String element = out.substring(0, lastSignificant);
        if (element.isEmpty()) {
            throw malformed("unexpected \",\" or \"}\" character");
        }
        return !escaped && element.equalsIgnoreCase("NULL") ? null : element;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw malformed("array value must start with \"{\" or dimension information");
        }
        position++;
    }

    private char peek() {
        if (position >= text.length()) {
            throw malformed("unexpected end of input");
        }
        return text.charAt(position);
    }

    private void skipSpaces() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private SwitchboardException malformed(String reason) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new SwitchboardException(ErrorCode.INVALID_ARGUMENT,
                "malformed array literal: \"" + shown + "\" (" + reason + ")", "22P02", null);
    }
}
