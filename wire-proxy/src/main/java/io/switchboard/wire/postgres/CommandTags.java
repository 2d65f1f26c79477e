package io.switchboard.wire.postgres;

import io.switchboard.core.analysis.QueryAnalysis;
import io.switchboard.core.analysis.StatementKind;
import io.switchboard.core.sql.SqlToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CommandComplete tag of a statement, as PostgreSQL writes it: clients read row counts from
 * {@code SELECT n}, {@code INSERT 0 n}, {@code UPDATE n}, {@code DELETE n} and show the rest.
 */
final class CommandTags {
    private static final Set<String> CREATE_MODIFIERS = Set.of(
            "OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "GLOBAL", "LOCAL", "UNIQUE", "PERSISTENT", "TRANSIENT",
            "RECURSIVE", "TRUSTED", "PROCEDURAL", "DEFAULT", "CONSTRAINT");
    private static final Set<String> TWO_WORD_OBJECTS = Set.of("MATERIALIZED", "FOREIGN", "EVENT", "ACCESS", "OPERATOR", "TEXT", "USER");

    private CommandTags() {}

    /**
     * @param rows rows sent to the client (by this Execute, for a portal run in pieces)
     * @param updateCount rows changed by a statement that returned none; -1 when unknown
     */
    static String of(QueryAnalysis analysis, boolean returnedRows, long rows, long updateCount) {
        StatementKind kind = analysis.kind();
        long count = returnedRows ? rows : Math.max(updateCount, 0);
        switch (kind) {
            case INSERT:
                return "INSERT 0 " + count;
            case UPDATE:
                return "UPDATE " + count;
            case DELETE:
                return "DELETE " + count;
            case MERGE:
                return "MERGE " + count;
            case SHOW:
                return "SHOW";
            case EXPLAIN:
                return "EXPLAIN";
            case COPY:
                return "COPY " + count;
            default:
                break;
        }
        if (returnedRows || kind == StatementKind.SELECT || kind == StatementKind.VALUES) {
            return "SELECT " + count;
        }
        List<String> words = words(analysis.tokens(), 4);
        if (words.isEmpty()) {
            return kind.name();
        }
        return switch (kind) {
            case CREATE -> isCreateAs(analysis.tokens()) && updateCount >= 0 ? "SELECT " + updateCount : "CREATE " + objectWords(words);
            case DROP, ALTER -> words.get(0) + " " + objectWords(words);
            case TRUNCATE -> "TRUNCATE TABLE";
            default -> words.get(0);
        };
    }

    /** The object type after CREATE/DROP/ALTER: TABLE, VIEW, MATERIALIZED VIEW, INDEX... */
    private static String objectWords(List<String> words) {
        int i = 1;
        while (i < words.size() && CREATE_MODIFIERS.contains(words.get(i))) {
            i++;
        }
        if (i >= words.size()) {
            return "";
        }
        String first = words.get(i);
        if (TWO_WORD_OBJECTS.contains(first) && i + 1 < words.size()) {
            return first + " " + words.get(i + 1);
        }
        return first;
    }

    /** {@code CREATE TABLE t AS SELECT ...} reports {@code SELECT n} in PostgreSQL. */
    private static boolean isCreateAs(List<SqlToken> tokens) {
        boolean table = false;
        for (SqlToken token : tokens) {
            if (token.isTrivia()) {
                continue;
            }
            if (token.isWord("TABLE")) {
                table = true;
            } else if (table && token.isWord("AS")) {
                return true;
            } else if (token.type() == SqlToken.Type.OPERATOR && token.text().equals("(")) {
                return false;
            }
        }
        return false;
    }

    /** The first few words of the statement, upper-cased, trivia skipped; stops at the first non-word. */
    private static List<String> words(List<SqlToken> tokens, int limit) {
        List<String> words = new ArrayList<>(limit + 2);
        for (SqlToken token : tokens) {
            if (token.isTrivia()) {
                continue;
            }
            if (token.type() != SqlToken.Type.WORD || words.size() >= limit + 2) {
                break;
            }
            words.add(token.upperText());
        }
        return words;
    }
}
