package io.switchboard.guardrails.readonly;

import static io.switchboard.guardrails.readonly.ReadOnlyInspector.upper;

import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.SqlToken.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Looks at every code token of every statement, whatever its kind: write words anywhere (a
 * data-modifying CTE, {@code SELECT ... INTO}, {@code FOR UPDATE}, {@code EXPLAIN ANALYZE DELETE}),
 * calls of denied functions (schema-qualified or quoted names included), and table references
 * that are files or URLs (DuckDB's {@code FROM 'data.csv'} and {@code FROM "data.parquet"}).
 * Literals and quoted names are single tokens, so the keywords they hold are data.
 */
final class CodeScan {
    /** Words after which a parenthesis opens a subquery or a list, not a function call. */
    private static final Set<String> NON_FUNCTION_WORDS = Set.of(
            "IN", "EXISTS", "FROM", "JOIN", "AS", "ANY", "ALL", "SOME", "LATERAL", "ON", "UNION", "INTERSECT", "EXCEPT",
            "SELECT", "WHERE", "AND", "OR", "NOT", "TABLE", "ONLY", "USING", "VALUES", "WITH", "RECURSIVE", "BY",
            "HAVING", "THEN", "ELSE", "WHEN", "CASE", "RETURN", "MATERIALIZED", "DISTINCT", "INTO", "OVER", "WINDOW",
            "QUALIFY", "LIMIT", "OFFSET", "IS", "LIKE", "BETWEEN", "ROWS", "UNNEST");
    /** Words that end a FROM list at their own depth. */
    private static final Set<String> FROM_LIST_ENDS = Set.of(
            "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "WINDOW", "QUALIFY", "UNION", "INTERSECT", "EXCEPT", "MINUS",
            "FETCH", "OFFSET", "SETTINGS", "FORMAT", "SELECT", "RETURNING", "INTO", "SAMPLE", "PREWHERE");

    private CodeScan() {}

    static Finding check(List<List<SqlToken>> statements, FunctionDenylist deniedFunctions) {
        for (List<SqlToken> statement : statements) {
            Finding finding = checkStatement(statement, deniedFunctions);
            if (finding != null) {
                return finding;
            }
        }
        return null;
    }

    private static Finding checkStatement(List<SqlToken> statement, FunctionDenylist deniedFunctions) {
        boolean startsWithWith = statement.get(0).isWord("WITH");
        // Per parenthesis depth: whether that level is a FROM list, and whether it is a function's argument list.
        Deque<boolean[]> levels = new ArrayDeque<>();
        levels.push(new boolean[] {false, false});
        for (int i = 0; i < statement.size(); i++) {
            SqlToken token = statement.get(i);
            SqlToken previous = i > 0 ? statement.get(i - 1) : null;
            SqlToken next = i + 1 < statement.size() ? statement.get(i + 1) : null;
            boolean call = next != null && next.isOperator("(");
            if (token.type() == Type.WORD) {
                String word = upper(token);
                boolean qualified = (previous != null && previous.isOperator(".")) || (next != null && next.isOperator("."));
                // SELECT 1 AS update, ... FROM (...) AS delete: a name given with AS, ending an item or a list.
                boolean alias = previous != null && previous.isWord("AS")
                        && (next == null || next.isOperator(",") || next.isOperator(")") || next.isWord("FROM"));
                if (!qualified && !alias) {
                    if (ReadOnlyVocabulary.WRITE_WORDS.contains(word)
                            && !(call && ReadOnlyVocabulary.WRITE_WORDS_THAT_ARE_ALSO_FUNCTIONS.contains(word))) {
                        return Finding.write(describe(word));
                    }
                    if (word.equals("SHARE") && previous != null && (previous.isWord("FOR") || previous.isWord("KEY"))) {
                        return Finding.write(describe(word));
                    }
                    if (ReadOnlyVocabulary.STATEMENT_WORDS.contains(word)
                            && statementCouldStart(previous, levels.peek()[1], levels.size() == 1 && startsWithWith)) {
                        return Finding.write(word + " is not allowed: only reads are (SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN)");
                    }
                }
                if (call && deniedFunctions.denies(token.text())) {
                    return deniedFunction(token.text());
                }
                boolean[] level = levels.peek();
                // IS [NOT] DISTINCT FROM compares values; the FROM of EXTRACT, SUBSTRING and TRIM is inside their arguments.
                boolean tableFrom = word.equals("FROM") && !level[1] && !(previous != null && previous.isWord("DISTINCT"));
                if (tableFrom || word.equals("JOIN")) {
                    level[0] = level[0] || word.equals("FROM");
                    Finding file = fileReference(next);
                    if (file != null) {
                        return file;
                    }
                } else if (FROM_LIST_ENDS.contains(word)) {
                    level[0] = false;
                }
            } else if (token.type() == Type.QUOTED_IDENTIFIER) {
                if (call && deniedFunctions.denies(unquote(token.text()))) {
                    return deniedFunction(unquote(token.text()));
                }
            } else if (token.isOperator("(")) {
                boolean functionArguments = previous != null && (previous.type() == Type.QUOTED_IDENTIFIER
                        || (previous.type() == Type.WORD && !NON_FUNCTION_WORDS.contains(upper(previous))));
                levels.push(new boolean[] {false, functionArguments});
            } else if (token.isOperator(")")) {
                if (levels.size() > 1) {
                    levels.pop();
                }
            } else if (token.isOperator(",") && levels.peek()[0]) {
                Finding file = fileReference(next);
                if (file != null) {
                    return file;
                }
            }
        }
        return null;
    }

    /**
     * Where a nested statement could begin: after a parenthesis that opens a CTE or subquery body
     * (not a function's arguments: {@code coalesce(load, 0)}), after the closing parenthesis of a
     * WITH clause's last CTE, after DESCRIBE/SUMMARIZE. The first word is the statement check's.
     */
    private static boolean statementCouldStart(SqlToken previous, boolean insideFunctionArguments, boolean topLevelOfWith) {
        if (previous == null) {
            return false;
        }
        if (previous.isOperator("(")) {
            return !insideFunctionArguments;
        }
        if (previous.isOperator(")")) {
            return topLevelOfWith;
        }
        return previous.isWord("DESCRIBE") || previous.isWord("DESC") || previous.isWord("SUMMARIZE");
    }

    /** A string in table position is a file or URL for DuckDB; so is a quoted name that looks like a path. */
    private static Finding fileReference(SqlToken table) {
        if (table == null) {
            return null;
        }
        if (table.type() == Type.STRING) {
            return Finding.write("the table reference " + table.text() + " reads a file or URL");
        }
        if (table.type() == Type.QUOTED_IDENTIFIER && looksLikePath(unquote(table.text()))) {
            return Finding.write("the table reference " + table.text() + " reads a file or URL");
        }
        return null;
    }

    static boolean looksLikePath(String name) {
        if (name.contains("/") || name.contains("\\") || name.contains("://") || name.startsWith("~")) {
            return true;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        while (dot > 0) {
            if (ReadOnlyVocabulary.FILE_SUFFIXES.contains(lower.substring(dot + 1))) {
                return true;
            }
            lower = lower.substring(0, dot);
            dot = lower.lastIndexOf('.');
        }
        return false;
    }

    private static Finding deniedFunction(String name) {
        return Finding.write("the function " + name + "() is denied: it reaches files, the network or other servers, "
                + "has side effects, or runs SQL given as text");
    }

    private static String describe(String word) {
        return switch (word) {
            case "INTO", "OUTFILE", "DUMPFILE" -> "SELECT ... INTO writes its result into a table, file or variable";
            case "LOCK", "UNLOCK", "SHARE" -> "locking (FOR UPDATE/SHARE, LOCK) is not allowed";
            default -> word + " is not allowed: only reads are (SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN)";
        };
    }

    private static String unquote(String quoted) {
        if (quoted.length() >= 2) {
            char quote = quoted.charAt(0);
            return quoted.substring(1, quoted.length() - 1).replace(String.valueOf(quote) + quote, String.valueOf(quote));
        }
        return quoted;
    }
}
