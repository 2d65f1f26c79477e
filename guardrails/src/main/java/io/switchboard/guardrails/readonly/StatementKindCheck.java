package io.switchboard.guardrails.readonly;

import static io.switchboard.guardrails.readonly.ReadOnlyInspector.upper;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.SqlToken.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges one statement by its first words: reads pass, {@code EXPLAIN} is judged by what it
 * explains, transaction control and harmless settings pass when configured, everything else is
 * refused with the statement's own keyword in the message.
 */
final class StatementKindCheck {
    /** Words that may follow EXPLAIN before the explained statement, across the five dialects. */
    private static final Set<String> EXPLAIN_OPTIONS = Set.of(
            "ANALYZE", "ANALYSE", "VERBOSE", "COSTS", "BUFFERS", "EXTENDED", "PARTITIONS", "PLAN", "QUERY", "AST",
            "SYNTAX", "PIPELINE", "ESTIMATE", "TREE", "LOGICAL", "PHYSICAL", "DISTRIBUTED", "IO", "VALIDATE",
            "GRAPHVIZ", "SUMMARY", "WAL", "SETTINGS", "TIMING", "GENERIC_PLAN", "FOR");
    private static final Set<String> TRANSACTION_VOCABULARY = Set.of(
            "BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE", "TRANSACTION", "WORK", "TO",
            "AND", "NO", "CHAIN", "ISOLATION", "LEVEL", "READ", "WRITE", "ONLY", "COMMITTED", "UNCOMMITTED", "REPEATABLE",
            "SERIALIZABLE", "DEFERRABLE", "NOT", "WITH", "CONSISTENT", "SNAPSHOT", "TRAN");
    private static final Set<String> SAVEPOINT_NAME_FOLLOWS = Set.of("SAVEPOINT", "RELEASE", "TO");

    private StatementKindCheck() {}

    static boolean isRead(List<SqlToken> statement) {
        SqlToken first = statement.get(0);
        return first.isOperator("(") || (first.type() == Type.WORD
                && (ReadOnlyVocabulary.READ_FIRST_WORDS.contains(upper(first)) || first.isWord("EXPLAIN")));
    }

    static Finding check(List<SqlToken> statement, ReadOnlyOptions options, Dialect dialect) {
        SqlToken first = statement.get(0);
        if (first.isOperator("(")) {
            return null;
        }
        if (first.type() != Type.WORD) {
            return Finding.unclear("the statement starts with '" + first.text() + "', not with a keyword");
        }
        String word = upper(first);
        if (ReadOnlyVocabulary.READ_FIRST_WORDS.contains(word)) {
            return null;
        }
        return switch (word) {
            case "EXPLAIN" -> explained(statement, options, dialect);
            case "SET" -> set(statement, options);
            case "RESET" -> reset(statement, options);
            default -> ReadOnlyVocabulary.TRANSACTION_WORDS.contains(word)
                    ? transaction(statement, options)
                    : Finding.write(word + " is not allowed: only reads are (SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN)");
        };
    }

    private static Finding explained(List<SqlToken> statement, ReadOnlyOptions options, Dialect dialect) {
        int i = 1;
        if (i < statement.size() && statement.get(i).isOperator("(")) {
            i = afterParentheses(statement, i);
        }
        while (i < statement.size()) {
            SqlToken token = statement.get(i);
            if (token.type() == Type.WORD && (token.isWord("FORMAT") || token.isWord("TYPE"))) {
                i++;
                if (i < statement.size() && statement.get(i).isOperator("=")) {
                    i++;
                }
                i++;
            } else if (token.type() == Type.WORD && EXPLAIN_OPTIONS.contains(upper(token))) {
                i++;
            } else {
                break;
            }
        }
        if (i >= statement.size()) {
            return null;
        }
        List<SqlToken> explained = statement.subList(i, statement.size());
        if (explained.stream().allMatch(t -> t.type() == Type.WORD || t.type() == Type.QUOTED_IDENTIFIER || t.isOperator("."))
                && explained.size() <= 5) {
            // MySQL's EXPLAIN table_name describes the table.
            return null;
        }
        Finding inner = check(explained, options, dialect);
        return inner == null ? null : new Finding(inner.code(), "EXPLAIN of a statement that is not a read: " + inner.message());
    }

    private static int afterParentheses(List<SqlToken> statement, int open) {
        int depth = 0;
        for (int i = open; i < statement.size(); i++) {
            if (statement.get(i).isOperator("(")) {
                depth++;
            } else if (statement.get(i).isOperator(")") && --depth == 0) {
                return i + 1;
            }
        }
        return statement.size();
    }

    private static Finding transaction(List<SqlToken> statement, ReadOnlyOptions options) {
        if (!options.allowTransactionControl()) {
            return Finding.write("transaction control (" + upper(statement.get(0)) + ") is not allowed here");
        }
        for (int i = 1; i < statement.size(); i++) {
            SqlToken token = statement.get(i);
            if (token.isWord("PREPARED")) {
                return Finding.write("two-phase commit (" + upper(statement.get(0)) + " PREPARED) is not allowed");
            }
            boolean savepointName = SAVEPOINT_NAME_FOLLOWS.contains(upper(statement.get(i - 1)))
                    && (token.type() == Type.WORD || token.type() == Type.QUOTED_IDENTIFIER)
                    && !token.isWord("SAVEPOINT");
            if (!savepointName && !token.isOperator(",")
                    && !(token.type() == Type.WORD && TRANSACTION_VOCABULARY.contains(upper(token)))) {
                return Finding.unclear("'" + token.text() + "' does not belong in transaction control");
            }
        }
        return null;
    }

    private static Finding set(List<SqlToken> statement, ReadOnlyOptions options) {
        List<SqlToken> rest = statement.subList(1, statement.size());
        if (!rest.isEmpty() && (rest.get(0).isWord("TRANSACTION")
                || (rest.size() > 1 && rest.get(0).isWord("SESSION") && rest.get(1).isWord("CHARACTERISTICS")))) {
            return transaction(List.of(statement.get(0)), options) == null ? transactionSettings(rest) : transaction(statement, options);
        }
        for (String name : settingNames(rest)) {
            Finding finding = setting(name, options, "SET");
            if (finding != null) {
                return finding;
            }
        }
        return null;
    }

    private static Finding transactionSettings(List<SqlToken> rest) {
        for (SqlToken token : rest) {
            if (token.type() != Type.WORD && !token.isOperator(",")) {
                return Finding.unclear("'" + token.text() + "' does not belong in SET TRANSACTION");
            }
        }
        return null;
    }

    private static Finding reset(List<SqlToken> statement, ReadOnlyOptions options) {
        StringBuilder name = new StringBuilder();
        for (SqlToken token : statement.subList(1, statement.size())) {
            name.append(name.isEmpty() ? "" : token.isOperator(".") || name.toString().endsWith(".") ? "" : " ")
                    .append(token.text().toLowerCase(Locale.ROOT));
        }
        return setting(name.toString(), options, "RESET");
    }

    private static Finding setting(String name, ReadOnlyOptions options, String verb) {
        if (name.equals("role") || name.startsWith("role ") || name.startsWith("session authorization")
                || name.startsWith("authorization")) {
            return Finding.write(verb + " " + name.split(" ")[0].toUpperCase(Locale.ROOT)
                    + " changes who the session acts as and is never allowed");
        }
        if (!options.allowedSettings().contains(name)) {
            return Finding.write(verb + " " + (name.isEmpty() ? "" : "'" + name + "' ")
                    + "changes a session setting that is not in this guard's allowedSettings");
        }
        return null;
    }

    /**
     * The names a SET statement assigns: {@code SET [SESSION|LOCAL] name = v}, {@code SET name TO v},
     * MySQL's {@code SET @@session.a = 1, b = 2}, the two-word {@code TIME ZONE},
     * {@code SESSION AUTHORIZATION} and {@code ROLE x}. {@code GLOBAL} and {@code PERSIST} come back
     * as names of their own so that they are refused.
     */
    static List<String> settingNames(List<SqlToken> tokens) {
        List<String> names = new ArrayList<>();
        boolean expectName = true;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isOperator("(")) {
                depth++;
            } else if (token.isOperator(")")) {
                depth--;
            } else if (depth == 0 && token.isOperator(",")) {
                expectName = true;
            } else if (expectName) {
                SqlToken next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
                if ((token.isWord("SESSION") || token.isWord("LOCAL")) && next != null && !next.isWord("AUTHORIZATION")
                        && !next.isOperator("=") && !next.isWord("TO")) {
                    continue;
                }
                StringBuilder name = new StringBuilder(token.text().toLowerCase(Locale.ROOT));
                int j = i + 1;
                // Glue qualified and MySQL system-variable names: @@session.sql_mode, catalog.property.
                while (j < tokens.size() && (tokens.get(j).isOperator(".") || tokens.get(j).isOperator("@")
                        || tokens.get(j - 1).isOperator(".") || tokens.get(j - 1).isOperator("@"))
                        && tokens.get(j).start() == tokens.get(j - 1).end()) {
                    name.append(tokens.get(j).text().toLowerCase(Locale.ROOT));
                    j++;
                }
                String text = name.toString();
                if ((text.equals("time") && next != null && next.isWord("ZONE"))
                        || (text.equals("session") && next != null && next.isWord("AUTHORIZATION"))) {
                    text = text + " " + next.text().toLowerCase(Locale.ROOT);
                }
                if (text.startsWith("@@session.")) {
                    text = text.substring("@@session.".length());
                } else if (text.startsWith("@@local.")) {
                    text = text.substring("@@local.".length());
                } else if (text.startsWith("@@") && !text.startsWith("@@global") && !text.startsWith("@@persist")) {
                    text = text.substring(2);
                }
                names.add(text);
                expectName = false;
            }
        }
        return names;
    }
}
