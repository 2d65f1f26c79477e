package io.switchboard.core.sql;

import io.switchboard.core.sql.SqlToken.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * A forgiving SQL tokenizer shared by fingerprinting, statement splitting and guards. It never
 * fails: text it cannot make sense of (an unterminated string) becomes one token running to the
 * end, so that a fingerprint exists even for SQL no parser accepts.
 *
 * <p>Dialect matters in three places: MySQL treats {@code "..."} as a string, allows backslash
 * escapes in strings and {@code #} comments; PostgreSQL-family dialects have dollar quoting.
 */
public final class SqlLexer {
    private static final String[] MULTI_CHAR_OPERATORS = {
        "->>", "<=>", "::", "<=", ">=", "<>", "!=", "||", "->", "=>", "<<", ">>", "!~", "~~", "&&"
    };

    private final String sql;
    private final Dialect dialect;
    private int position;

    private SqlLexer(String sql, Dialect dialect) {
        this.sql = sql;
        this.dialect = dialect;
    }

    public static List<SqlToken> tokenize(String sql, Dialect dialect) {
        return new SqlLexer(sql, dialect).run();
    }

    private List<SqlToken> run() {
        List<SqlToken> tokens = new ArrayList<>(Math.max(16, sql.length() / 4));
        while (position < sql.length()) {
            int start = position;
            Type type = next();
            tokens.add(new SqlToken(type, start, position, sql.substring(start, position)));
        }
        return tokens;
    }

    private Type next() {
        char c = sql.charAt(position);
        if (Character.isWhitespace(c)) {
            while (position < sql.length() && Character.isWhitespace(sql.charAt(position))) {
                position++;
            }
            return Type.WHITESPACE;
        }
        if (c == '-' && peek(1) == '-') {
            return lineComment();
        }
        if (c == '#' && dialect == Dialect.MYSQL) {
            return lineComment();
        }
        if (c == '/' && peek(1) == '*') {
            return blockComment();
        }
        if (c == ';') {
            position++;
            return Type.SEMICOLON;
        }
        if (c == '\'') {
            return quoted('\'', backslashEscapes(), Type.STRING);
        }
        if (c == '"') {
            return quoted('"', dialect == Dialect.MYSQL, dialect == Dialect.MYSQL ? Type.STRING : Type.QUOTED_IDENTIFIER);
        }
        if (c == '`') {
            return quoted('`', false, Type.QUOTED_IDENTIFIER);
        }
        if (isStringPrefix(c)) {
            int prefixLength = sql.startsWith("U&'", position) || sql.startsWith("u&'", position) ? 2 : 1;
            boolean escapes = c == 'E' || c == 'e' || backslashEscapes();
            position += prefixLength;
            quoted('\'', escapes, Type.STRING);
            return Type.STRING;
        }
        if (c == '$') {
            if (Character.isDigit(peek(1))) {
                position++;
                while (position < sql.length() && Character.isDigit(sql.charAt(position))) {
                    position++;
                }
                return Type.PARAMETER;
            }
            if (dollarQuotes()) {
                Type dollar = dollarQuoted();
                if (dollar != null) {
                    return dollar;
                }
            }
        }
        if (c == '?') {
            position++;
            return Type.PARAMETER;
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
            return number();
        }
        if (Character.isLetter(c) || c == '_') {
            while (position < sql.length() && isWordPart(sql.charAt(position))) {
                position++;
            }
            return Type.WORD;
        }
        for (String operator : MULTI_CHAR_OPERATORS) {
            if (sql.startsWith(operator, position)) {
                position += operator.length();
                return Type.OPERATOR;
            }
        }
        position += Character.charCount(sql.codePointAt(position));
        return Type.OPERATOR;
    }

    private boolean backslashEscapes() {
        return dialect == Dialect.MYSQL || dialect == Dialect.STARROCKS || dialect == Dialect.CLICKHOUSE;
    }

    private boolean dollarQuotes() {
        return dialect == Dialect.POSTGRES || dialect == Dialect.DUCKDB || dialect == Dialect.ANSI;
    }

    private boolean isStringPrefix(char c) {
        char upper = Character.toUpperCase(c);
        if (upper == 'U' && peek(1) == '&' && peek(2) == '\'') {
            return true;
        }
        if (peek(1) != '\'') {
            return false;
        }
        // A prefix only counts when it is not the end of a longer word (e.g. "SOME'x'" is odd SQL anyway).
        if (position > 0 && isWordPart(sql.charAt(position - 1))) {
            return false;
        }
        return upper == 'E' || upper == 'N' || upper == 'X' || upper == 'B';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    private char peek(int offset) {
        int index = position + offset;
        return index < sql.length() ? sql.charAt(index) : '\0';
    }

    private Type lineComment() {
        while (position < sql.length() && sql.charAt(position) != '\n') {
            position++;
        }
        return Type.COMMENT;
    }

    private Type blockComment() {
        // PostgreSQL nests block comments; counting depth is right for it and harmless elsewhere.
        int depth = 0;
        while (position < sql.length()) {
            if (sql.startsWith("/*", position)) {
                depth++;
                position += 2;
            } else if (sql.startsWith("*/", position)) {
                depth--;
                position += 2;
                if (depth == 0) {
                    return Type.COMMENT;
                }
            } else {
                position++;
            }
        }
        return Type.COMMENT;
    }

    private Type quoted(char quote, boolean backslash, Type type) {
        position++;
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (backslash && c == '\\') {
                position += 2;
                continue;
            }
            if (c == quote) {
                if (peek(1) == quote) {
                    position += 2;
                    continue;
                }
                position++;
                return type;
            }
            position++;
        }
        position = sql.length();
        return type;
    }

    private Type dollarQuoted() {
        int tagEnd = position + 1;
        while (tagEnd < sql.length() && (Character.isLetterOrDigit(sql.charAt(tagEnd)) || sql.charAt(tagEnd) == '_')) {
            tagEnd++;
        }
        if (tagEnd >= sql.length() || sql.charAt(tagEnd) != '$') {
            return null;
        }
        String tag = sql.substring(position, tagEnd + 1);
        int close = sql.indexOf(tag, tagEnd + 1);
        position = close < 0 ? sql.length() : close + tag.length();
        return Type.STRING;
    }

    private Type number() {
        if (sql.charAt(position) == '0' && (peek(1) == 'x' || peek(1) == 'X') && isHexDigit(peek(2))) {
            position += 2;
            while (position < sql.length() && isHexDigit(sql.charAt(position))) {
                position++;
            }
            return Type.NUMBER;
        }
        digits();
        if (position < sql.length() && sql.charAt(position) == '.' && peek(1) != '.') {
            position++;
            digits();
        }
        char c = position < sql.length() ? sql.charAt(position) : '\0';
        if ((c == 'e' || c == 'E')
                && (Character.isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2))))) {
            position += 2;
            digits();
        }
        return Type.NUMBER;
    }

    private void digits() {
        while (position < sql.length()) {
            char c = sql.charAt(position);
            if (Character.isDigit(c) || (c == '_' && Character.isDigit(peek(1)) && position > 0 && Character.isDigit(sql.charAt(position - 1)))) {
                position++;
            } else {
                return;
            }
        }
    }

    private static boolean isHexDigit(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
