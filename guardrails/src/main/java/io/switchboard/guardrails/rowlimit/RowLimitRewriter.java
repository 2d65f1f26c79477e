package io.switchboard.guardrails.rowlimit;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.SqlToken.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites the outermost query of one statement so that the engine returns at most a given
 * number of rows. Works on tokens, so it needs no parse and keeps the text as written (comments,
 * quoting, case) apart from the one clause it touches:
 *
 * <ul>
 *   <li>an outermost {@code LIMIT n}, {@code LIMIT offset, n}, {@code FETCH FIRST n ROWS} or
 *       {@code TOP n} larger than the cap is lowered to the cap; a smaller one is kept;</li>
 *   <li>without one, the dialect's clause is added after the outermost query's last clause
 *       ({@code ORDER BY} and {@code OFFSET} included, so they still apply first), before
 *       ClickHouse's {@code SETTINGS}/{@code FORMAT} and before locking clauses;</li>
 *   <li>ClickHouse attaches a trailing {@code LIMIT} to the last branch of a {@code UNION}, so
 *       there a set operation (or a parenthesized query) is wrapped in {@code SELECT * FROM (...)}.</li>
 * </ul>
 * A limit that is not a plain number ({@code LIMIT ?}, {@code LIMIT ALL} aside) or
 * {@code TOP n PERCENT} is left alone: the result stream's backstop still cuts the rows.
 */
public final class RowLimitRewriter {
    private static final Set<String> TRAILING_CLAUSES = Set.of("SETTINGS", "FORMAT");
    private static final Set<String> LOCKING_AFTER_FOR = Set.of("UPDATE", "SHARE", "NO", "KEY", "READ");

    private RowLimitRewriter() {}

    /**
     * The text with the outermost query capped at {@code cap} rows, or empty when the text needs
     * no change (it already returns at most {@code cap} rows) or cannot be changed safely.
     */
    public static Optional<String> rewrite(String sql, Dialect dialect, List<SqlToken> tokens, long cap) {
        List<SqlToken> code = new ArrayList<>();
        for (SqlToken token : tokens) {
            if (!token.isTrivia()) {
                code.add(token);
            }
        }
        while (!code.isEmpty() && code.get(code.size() - 1).type() == Type.SEMICOLON) {
            code.remove(code.size() - 1);
        }
        if (code.isEmpty() || code.stream().anyMatch(t -> t.type() == Type.SEMICOLON)) {
            return Optional.empty();
        }
        boolean setOperation = false;
        int lastLimit = -1;
        int lastFetch = -1;
        int top = -1;
        int firstSelect = -1;
        int trailingClause = -1;
        int depth = 0;
        for (int i = 0; i < code.size(); i++) {
            SqlToken token = code.get(i);
            if (token.isOperator("(")) {
                depth++;
                continue;
            }
            if (token.isOperator(")")) {
                depth--;
                continue;
            }
            if (depth != 0 || token.type() != Type.WORD) {
                continue;
            }
            String word = token.upperText();
            switch (word) {
                case "UNION", "INTERSECT", "EXCEPT", "MINUS" -> setOperation = true;
                case "LIMIT" -> {
                    if (!isLimitBy(code, i)) {
                        lastLimit = i;
                    }
                }
                case "FETCH" -> lastFetch = i;
                case "SELECT" -> {
                    if (firstSelect < 0) {
                        firstSelect = i;
                        if (i + 1 < code.size() && code.get(i + 1).isWord("TOP")) {
                            top = i + 1;
                        }
                    }
                }
                case "FOR" -> {
                    if (trailingClause < 0 && i + 1 < code.size() && code.get(i + 1).type() == Type.WORD
                            && LOCKING_AFTER_FOR.contains(code.get(i + 1).upperText())) {
                        trailingClause = i;
                    }
                }
                case "LOCK" -> {
                    if (trailingClause < 0 && i + 1 < code.size() && code.get(i + 1).isWord("IN")) {
                        trailingClause = i;
                    }
                }
                default -> {
                    if (trailingClause < 0 && dialect == Dialect.CLICKHOUSE && TRAILING_CLAUSES.contains(word)) {
                        trailingClause = i;
                    }
                }
            }
        }
        boolean clickHouseWrap = dialect == Dialect.CLICKHOUSE && (setOperation || code.get(0).isOperator("("));
        if (clickHouseWrap) {
            if (trailingClause >= 0) {
                return Optional.empty();
            }
            String body = sql.substring(code.get(0).start(), code.get(code.size() - 1).end());
            return Optional.of(sql.substring(0, code.get(0).start()) + "SELECT * FROM (" + body + ") LIMIT " + cap
                    + sql.substring(code.get(code.size() - 1).end()));
        }
        if (lastLimit >= 0) {
            return lowerLimit(sql, code, lastLimit, cap);
        }
        if (lastFetch >= 0) {
            return lowerCount(sql, code, lastFetch + 2, cap);
        }
        if (top >= 0) {
            if (top + 2 < code.size() && code.get(top + 2).isWord("PERCENT")) {
                return Optional.empty();
            }
            return lowerCount(sql, code, top + 1, cap);
        }
        int insertAt = trailingClause >= 0 ? code.get(trailingClause).start() : code.get(code.size() - 1).end();
        String clause = dialect == Dialect.ANSI ? "FETCH FIRST " + cap + " ROWS ONLY" : "LIMIT " + cap;
        String before = sql.substring(0, insertAt);
        String after = sql.substring(insertAt);
        return Optional.of(trailingClause >= 0 ? before + clause + " " + after : before + " " + clause + after);
    }

    /** {@code LIMIT n}, {@code LIMIT n OFFSET m}, MySQL's {@code LIMIT m, n}, {@code LIMIT ALL}. */
    private static Optional<String> lowerLimit(String sql, List<SqlToken> code, int limit, long cap) {
        int count = limit + 1;
        if (count >= code.size()) {
            return Optional.empty();
        }
        if (count + 2 < code.size() && code.get(count + 1).isOperator(",")) {
            count += 2;
        }
        SqlToken value = code.get(count);
        if (value.isWord("ALL") || value.isWord("NULL")) {
            return Optional.of(replace(sql, value, Long.toString(cap)));
        }
        return lowerCount(sql, code, count, cap);
    }

    /** Replaces the number at {@code index} when it is larger than the cap; FETCH FIRST without a number means 1. */
    private static Optional<String> lowerCount(String sql, List<SqlToken> code, int index, long cap) {
        if (index >= code.size()) {
            return Optional.empty();
        }
        SqlToken value = code.get(index);
        if (value.type() != Type.NUMBER) {
            // FETCH FIRST ROW ONLY (one row) is within any cap; other forms (parameters, expressions) are left to the backstop.
            return Optional.empty();
        }
        long current;
        try {
            current = Long.parseLong(value.text().replace("_", ""));
        } catch (NumberFormatException e) {
            return Optional.of(replace(sql, value, Long.toString(cap)));
        }
        return current <= cap ? Optional.empty() : Optional.of(replace(sql, value, Long.toString(cap)));
    }

    /** ClickHouse's {@code LIMIT n BY expr} limits rows per group, not the result. */
    private static boolean isLimitBy(List<SqlToken> code, int limit) {
        int i = limit + 1;
        if (i < code.size() && code.get(i).type() == Type.NUMBER) {
            i++;
            if (i + 1 < code.size() && code.get(i).isOperator(",") && code.get(i + 1).type() == Type.NUMBER) {
                i += 2;
            }
            if (i + 1 < code.size() && code.get(i).isWord("OFFSET") && code.get(i + 1).type() == Type.NUMBER) {
                i += 2;
            }
            return i < code.size() && code.get(i).isWord("BY");
        }
        return false;
    }

    private static String replace(String sql, SqlToken token, String text) {
        return sql.substring(0, token.start()) + text + sql.substring(token.end());
    }
}
