package io.switchboard.translation;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.List;

/**
 * One literal of a query as its source dialect wrote it, with what the cache needs to re-bind it
 * into a translated template: its decoded value and its signature.
 *
 * <p>A literal is <em>bindable</em> when the cache knows how to carry it into another dialect
 * without sqlglot: plain quoted strings (with the source dialect's escapes decoded) and plain
 * decimal numbers. Anything else (prefixed strings such as {@code E'..'} or {@code X'..'},
 * dollar quoting, hexadecimal, exponents, digit separators) is never re-bound: templates keep it
 * as a fixed part of the shape.
 *
 * @param text the token text as written, quotes included
 * @param value for a bindable string, its decoded content; for a bindable number, its text; null
 *     when not bindable
 * @param backslashEscapes whether the source dialect reads backslash escapes in strings
 */
record SourceLiteral(Kind kind, String text, String value, int start, int end, boolean backslashEscapes) {

    enum Kind { STRING, NUMBER }

    SourceLiteral {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
    }

    boolean bindable() {
        return value != null;
    }

    /** The literals of a query in order, from the tokens its analysis kept. */
    static List<SourceLiteral> of(List<SqlToken> tokens, Dialect dialect) {
        List<SourceLiteral> literals = new ArrayList<>();
        boolean backslashes = backslashEscapes(dialect);
        for (SqlToken token : tokens) {
            if (token.type() == SqlToken.Type.STRING) {
                literals.add(new SourceLiteral(Kind.STRING, token.text(), decodeString(token.text(), dialect), token.start(), token.end(),
                        backslashes));
            } else if (token.type() == SqlToken.Type.NUMBER) {
                literals.add(new SourceLiteral(Kind.NUMBER, token.text(), numberForm(token.text()) == null ? null : token.text(),
                        token.start(), token.end(), backslashes));
            }
        }
        return literals;
    }

    /**
     * The class of values a template verified for this literal. Two literals with the same
     * signature take the same path through sqlglot as far as the cache can tell: digits are
     * collapsed (dates, ids and amounts vary freely), quotes, escapes and punctuation are kept,
     * and letters are collapsed only where sqlglot holds the string as a plain value
     * ({@code plainLetters}); elsewhere letters are kept because sqlglot may read them (a date
     * part such as {@code 'day'}, a format such as {@code 'YYYY-MM'}).
     */
    String signature(boolean plainLetters) {
        if (kind == Kind.NUMBER) {
            String form = numberForm(text);
            if (form == null) {
                return null;
            }
            // Zero and one are where generators special-case numbers, if anywhere.
            return text.equals("0") || text.equals("1") ? text : form;
        }
        StringBuilder signature = new StringBuilder(text.length());
        char previous = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char mapped;
            if (backslashEscapes && previous == '\\') {
                mapped = c;
                previous = 0;
                signature.append(mapped);
                continue;
            } else if (Character.isDigit(c)) {
                mapped = '9';
            } else if (plainLetters && Character.isLetter(c)) {
                mapped = 'a';
            } else {
                mapped = c;
            }
            if (!((mapped == '9' || (plainLetters && mapped == 'a')) && mapped == previous)) {
                signature.append(mapped);
            }
            previous = mapped;
        }
        return signature.toString();
    }

    /** MySQL, StarRocks and ClickHouse read {@code \\n} and friends inside strings; the others do not. */
    static boolean backslashEscapes(Dialect dialect) {
        return dialect == Dialect.MYSQL || dialect == Dialect.STARROCKS || dialect == Dialect.CLICKHOUSE;
    }

    /** "int" or "decimal" for plain numbers; null for other spellings, which are never re-bound. */
    static String numberForm(String text) {
        int dot = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (dot >= 0) {
                    return null;
                }
                dot = i;
            } else if (c < '0' || c > '9') {
                return null;
            }
        }
        if (text.isEmpty() || dot == 0 || dot == text.length() - 1) {
            return null;
        }
        if (text.length() > 1 && text.charAt(0) == '0' && dot != 1) {
            return null; // leading zeros: leave such spellings to sqlglot
        }
        return dot < 0 ? "int" : "decimal";
    }

    /**
     * The content of a plain quoted string, or null when the spelling is one the cache does not
     * re-bind. Escapes follow the source dialect: doubled quotes everywhere, and in MySQL,
     * StarRocks and ClickHouse the backslash escapes sqlglot also decodes.
     */
    static String decodeString(String text, Dialect dialect) {
        if (text.length() < 2) {
            return null;
        }
        char quote = text.charAt(0);
        boolean mysqlFamily = dialect == Dialect.MYSQL || dialect == Dialect.STARROCKS;
        if (!(quote == '\'' || (quote == '"' && mysqlFamily)) || text.charAt(text.length() - 1) != quote) {
            return null;
        }
        boolean backslash = backslashEscapes(dialect);
        StringBuilder value = new StringBuilder(text.length());
        int end = text.length() - 1;
        for (int i = 1; i < end; i++) {
            char c = text.charAt(i);
            if (c == quote) {
                if (i + 1 < end && text.charAt(i + 1) == quote) {
                    value.append(quote);
                    i++;
                    continue;
                }
                return null; // an unterminated or odd string: leave it to sqlglot
            }
            if (c == '\\' && backslash) {
                if (i + 1 >= end) {
                    return null;
                }
                char escaped = text.charAt(++i);
                switch (escaped) {
                    case '\\', '\'', '"' -> value.append(escaped);
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case '0' -> value.append('\0');
                    default -> {
                        return null; // \%, \_, \Z and friends: dialects disagree; leave them to sqlglot
                    }
                }
                continue;
            }
            value.append(c);
        }
        return value.toString();
    }
}
