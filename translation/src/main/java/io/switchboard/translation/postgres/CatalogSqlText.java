package io.switchboard.translation.postgres;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.SqlToken.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A client query as lexical tokens, with the matching and editing the catalog rewrites need.
 * Matching works on tokens, not raw text, so a pattern never matches inside a string literal, a
 * quoted name or a comment, and layout (psql's newlines, pgjdbc's double spaces) does not matter.
 *
 * <p>Patterns are SQL fragments tokenized the same way; words compare without regard to case,
 * everything else exactly.
 */
final class CatalogSqlText {
    private final String sql;
    private final List<SqlToken> tokens;

    private CatalogSqlText(String sql) {
        this.sql = sql;
        List<SqlToken> significant = new ArrayList<>();
        for (SqlToken token : SqlLexer.tokenize(sql, Dialect.POSTGRES)) {
            if (!token.isTrivia()) {
                significant.add(token);
            }
        }
        this.tokens = List.copyOf(significant);
    }

    static CatalogSqlText of(String sql) {
        return new CatalogSqlText(requireNonNull(sql, "sql is null"));
    }

    String sql() {
        return sql;
    }

    int size() {
        return tokens.size();
    }

    SqlToken token(int index) {
        return tokens.get(index);
    }

    /** The original text between two token indexes, end exclusive. */
    String text(int startToken, int endToken) {
        if (startToken >= endToken) {
            return "";
        }
        return sql.substring(tokens.get(startToken).start(), tokens.get(endToken - 1).end());
    }

    boolean contains(String pattern) {
        return find(pattern, 0).isPresent();
    }

    boolean startsWith(String pattern) {
        return matchesAt(pattern, 0);
    }

    boolean matchesAt(String pattern, int index) {
        return matchAt(Pattern.of(pattern), index).isPresent();
    }

    /** True when the query has exactly one statement (a trailing semicolon is allowed). */
    boolean isSingleStatement() {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).type() == Type.SEMICOLON && i != tokens.size() - 1) {
                return false;
            }
        }
        return !tokens.isEmpty();
    }

    Optional<Match> find(String pattern, int from) {
        Pattern compiled = Pattern.of(pattern);
        for (int i = from; i < tokens.size(); i++) {
            Optional<Match> match = matchAt(compiled, i);
            if (match.isPresent()) {
                return match;
            }
        }
        return Optional.empty();
    }



    /**
     * The token index of the parenthesis closing the one at {@code open}, or -1 when the
     * parentheses do not balance.
     */
    int closingParenthesis(int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isOperator("(")) {
                depth++;
            } else if (token.isOperator(")")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /**
     * The arguments of the call whose opening parenthesis is at {@code open}, as original text,
     * split at the top-level commas.
     */
    List<String> arguments(int open) {
        int close = closingParenthesis(open);
        if (close < 0) {
            return List.of();
        }
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        int start = open + 1;
        for (int i = open + 1; i < close; i++) {
            SqlToken token = tokens.get(i);
            if (token.isOperator("(") || token.isOperator("[")) {
                depth++;
            } else if (token.isOperator(")") || token.isOperator("]")) {
                depth--;
            } else if (depth == 0 && token.isOperator(",")) {
                arguments.add(text(start, i));
                start = i + 1;
            }
        }
        if (start < close) {
            arguments.add(text(start, close));
        }
        return arguments;
    }

    private Optional<Match> matchAt(Pattern pattern, int start) {
        int position = start;
        for (SqlToken expected : pattern.tokens()) {
            if (position >= tokens.size() || !sameToken(expected, tokens.get(position))) {
                return Optional.empty();
            }
            position++;
        }
        return Optional.of(new Match(start, position));
    }

    private static boolean sameToken(SqlToken expected, SqlToken actual) {
        if (expected.type() != actual.type()) {
            return false;
        }
        return expected.type() == Type.WORD ? expected.text().equalsIgnoreCase(actual.text()) : expected.text().equals(actual.text());
    }

    /** Applies edits (non-overlapping, by token range) and returns the new SQL text. */
    String apply(List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::startToken));
        StringBuilder out = new StringBuilder(sql.length() + 256);
        int cursor = 0;
        int lastEndToken = -1;
        for (Edit edit : sorted) {
            if (edit.startToken() < lastEndToken) {
                throw new IllegalStateException("overlapping catalog rewrite edits at token " + edit.startToken());
            }
            int startChar = tokens.get(edit.startToken()).start();
            int endChar = tokens.get(edit.endToken() - 1).end();
            out.append(sql, cursor, startChar).append(edit.replacement());
            cursor = endChar;
            lastEndToken = edit.endToken();
        }
        out.append(sql, cursor, sql.length());
        return out.toString();
    }

    /** A matched token range, end exclusive. */
    record Match(int start, int end) {}

    /** Replace the tokens {@code [startToken, endToken)} with {@code replacement}. */
    record Edit(int startToken, int endToken, String replacement) {
        Edit {
            requireNonNull(replacement, "replacement is null");
            if (startToken < 0 || endToken <= startToken) {
                throw new IllegalArgumentException("empty edit range " + startToken + ".." + endToken);
            }
        }
    }

    private record Pattern(List<SqlToken> tokens) {
        static Pattern of(String pattern) {
            List<SqlToken> significant = new ArrayList<>();
            for (SqlToken token : SqlLexer.tokenize(pattern, Dialect.POSTGRES)) {
                if (!token.isTrivia()) {
                    significant.add(token);
                }
            }
            return new Pattern(List.copyOf(significant));
        }
    }
}
