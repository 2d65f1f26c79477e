package io.switchboard.engines.postgres;

/**
 * Which statements may reach PostgreSQL as a simple Query message instead of Parse, Bind,
 * Describe, Execute and Sync.
 *
 * <p>Why bother: for a statement without parameters the two ask the same of PostgreSQL, but the
 * simple one costs it less — measured with {@code pgbench -S} on the 2-core machine, about 41 µs of
 * server CPU per transaction against about 50 µs for the unnamed extended form.
 *
 * <p>Why only some: a Query message runs every statement in its text, while Parse refuses a text
 * with more than one. Switchboard's guardrails vetted the text as one statement, read with its own
 * lexer; the simple Query is used only when no PostgreSQL lexer can read it as more than one,
 * whatever the server's settings. So the text must not contain what PostgreSQL's lexer treats
 * differently from place to place or by setting:
 * <ul>
 *   <li>a backslash anywhere: an escape in {@code E'...'} strings, and in plain strings when
 *       {@code standard_conforming_strings} is off, where {@code 'a\''; DROP ...} ends its string
 *       one quote earlier than Switchboard's lexer thinks;</li>
 *   <li>a dollar sign: dollar-quoted strings, parameters, and identifiers that contain one;</li>
 *   <li>a comment ({@code --} or {@code /*}, which nest in PostgreSQL) outside quotes;</li>
 *   <li>a semicolon outside quotes, except at the very end followed by blanks only;</li>
 *   <li>a zero byte (the protocol ends the text there).</li>
 * </ul>
 * What is left is plain quoting, {@code '...'} and {@code "..."} with doubled quotes inside,
 * which every PostgreSQL reads the same way. Anything else goes by the extended protocol.
 */
final class PgSimpleQuery {
    private PgSimpleQuery() {}

    /** True when {@code sql} is one statement to any PostgreSQL lexer, so it may go as a simple Query. */
    static boolean eligible(String sql) {
        int length = sql.length();
        char quote = 0; // the quote character of the string or identifier we are in, or 0 outside
        for (int i = 0; i < length; i++) {
            char c = sql.charAt(i);
            if (c == '\\' || c == '$' || c == '\0') {
                return false;
            }
            if (quote != 0) {
                // A doubled quote closes and reopens: the boundaries are the same either way.
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '\'', '"' -> quote = c;
                case '-' -> {
                    if (i + 1 < length && sql.charAt(i + 1) == '-') {
                        return false;
                    }
                }
                case '/' -> {
                    if (i + 1 < length && sql.charAt(i + 1) == '*') {
                        return false;
                    }
                }
                case ';' -> {
                    return onlyBlanksFrom(sql, i + 1);
                }
                default -> { }
            }
        }
        return quote == 0;
    }

    /** PostgreSQL's whitespace: space, tab, newline, carriage return, form feed. */
    private static boolean onlyBlanksFrom(String sql, int start) {
        for (int i = start; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return false;
            }
        }
        return true;
    }
}
