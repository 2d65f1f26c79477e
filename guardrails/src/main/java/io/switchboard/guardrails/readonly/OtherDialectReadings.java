package io.switchboard.guardrails.readonly;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlLexer;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.SqlToken.Type;
import java.util.List;

/**
 * Reads the text the way the other lexical families of engines would. The lexers disagree on
 * dollar quotes (PostgreSQL and DuckDB), backslash escapes in strings (MySQL, ClickHouse),
 * {@code #} comments and double-quoted strings (MySQL), and {@code --} without a space (a comment
 * everywhere but MySQL). A text that is sent to an engine of another family than the one it was
 * declared in (no translation, or a dialect the client got wrong) is read by that engine's rules.
 * A reading that uncovers statements the declared reading hid is judged like the text itself; a
 * reading with the same statements is judged for what can write from inside a query; a reading
 * left open at the end is a syntax error for that engine and is ignored.
 *
 * <p>Only texts holding one of the characters the families disagree on are read again, so the
 * common case costs one scan of the text.
 */
final class OtherDialectReadings {
    /** One dialect per lexical family of {@link SqlLexer}. */
    private static final List<Dialect> FAMILIES = List.of(Dialect.POSTGRES, Dialect.MYSQL, Dialect.CLICKHOUSE, Dialect.TRINO);

    private OtherDialectReadings() {}

    static Finding check(String sql, Dialect declared, int declaredStatements, FunctionDenylist deniedFunctions,
            ReadOnlyOptions options) {
        if (!mayReadDifferently(sql)) {
            return null;
        }
        for (Dialect family : FAMILIES) {
            if (sameFamily(family, declared)) {
                continue;
            }
            String text = family == Dialect.MYSQL ? mysqlDashes(sql) : sql;
            List<SqlToken> tokens = SqlLexer.tokenize(text, family);
            if (ReadOnlyInspector.endsUnterminated(text, family, tokens)) {
                // Left open under this reading: a syntax error there, not a hidden statement.
                continue;
            }
            List<List<SqlToken>> statements = ReadOnlyInspector.statements(tokens);
            Finding finding = statements.size() > declaredStatements
                    ? everything(statements, family, deniedFunctions, options)
                    : smuggled(statements, family, deniedFunctions);
            if (finding != null) {
                return Finding.unclear("the text means something else to engines that read SQL like " + family.name().toLowerCase(
                        java.util.Locale.ROOT) + " (quotes, escapes or comments): " + finding.message());
            }
        }
        return null;
    }

    /** A reading with statements the declared reading hid: every check applies to it. */
    private static Finding everything(List<List<SqlToken>> statements, Dialect family, FunctionDenylist deniedFunctions,
            ReadOnlyOptions options) {
        for (List<SqlToken> statement : statements) {
            Finding finding = StatementKindCheck.check(statement, options, family);
            if (finding != null) {
                return finding;
            }
        }
        return CodeScan.check(statements, deniedFunctions);
    }

    /**
     * A reading with the same statements: only what can write or reach outside from the middle
     * of a query counts (INTO, a denied call, a file as table, a data-modifying CTE body). Other
     * keywords a different reading uncovers inside a literal ({@code $$DELETE FROM t$$} read by
     * MySQL) make no valid statement and are left alone, so such literals stay reads.
     */
    private static Finding smuggled(List<List<SqlToken>> statements, Dialect family, FunctionDenylist deniedFunctions) {
        for (List<SqlToken> statement : statements) {
            for (int i = 0; i < statement.size(); i++) {
                SqlToken token = statement.get(i);
                SqlToken previous = i > 0 ? statement.get(i - 1) : null;
                SqlToken next = i + 1 < statement.size() ? statement.get(i + 1) : null;
                if (token.type() != Type.WORD || (previous != null && previous.isOperator("."))) {
                    continue;
                }
                String word = ReadOnlyInspector.upper(token);
                if (word.equals("INTO") || word.equals("OUTFILE") || word.equals("DUMPFILE")) {
                    return Finding.write("SELECT ... INTO writes its result into a table, file or variable");
                }
                if (next != null && next.isOperator("(") && deniedFunctions.denies(token.text())) {
                    return Finding.write("the function " + token.text() + "() is denied");
                }
                // Only DuckDB (the PostgreSQL family) reads a single-quoted string in table position as a file;
                // MySQL reads FROM "name" as a string, which is no table at all there.
                if (family == Dialect.POSTGRES && (word.equals("FROM") || word.equals("JOIN")) && next != null
                        && next.type() == Type.STRING && next.text().startsWith("'")) {
                    return Finding.write("the table reference " + next.text() + " reads a file or URL");
                }
                if (ReadOnlyVocabulary.WRITE_WORDS.contains(word) && previous != null && previous.isOperator("(")) {
                    return Finding.write(word + " is not allowed");
                }
            }
        }
        return null;
    }

    private static boolean mayReadDifferently(String sql) {
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '$' || c == '\\' || c == '#' || c == '"' || (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-')) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameFamily(Dialect family, Dialect declared) {
        return switch (declared) {
            case POSTGRES, DUCKDB, ANSI -> family == Dialect.POSTGRES;
            case MYSQL -> family == Dialect.MYSQL;
            case CLICKHOUSE, STARROCKS -> family == Dialect.CLICKHOUSE;
            case TRINO -> family == Dialect.TRINO;
        };
    }

    /** MySQL takes {@code --} as a comment only before a space: elsewhere it is two minus signs. */
    private static String mysqlDashes(String sql) {
        if (!sql.contains("--")) {
            return sql;
        }
        StringBuilder text = new StringBuilder(sql);
        for (SqlToken token : SqlLexer.tokenize(sql, Dialect.MYSQL)) {
            String value = token.text();
            if (token.type() == Type.COMMENT && value.startsWith("--") && value.length() > 2
                    && !Character.isWhitespace(value.charAt(2))) {
                text.setCharAt(token.start() + 1, ' ');
            }
        }
        return text.toString();
    }
}
