package io.switchboard.core.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a text holding several statements ({@code SELECT 1; SELECT 2}) at the semicolons that
 * end them, ignoring semicolons inside strings, quoted names, comments and dollar quotes.
 * Empty statements (only whitespace or comments) are dropped.
 */
public final class StatementSplitter {
    private StatementSplitter() {}

    public static List<String> split(String sql, Dialect dialect) {
        List<SqlToken> tokens = SqlLexer.tokenize(sql, dialect);
        List<String> statements = new ArrayList<>();
        int start = 0;
        boolean meaningful = false;
        for (SqlToken token : tokens) {
            if (token.type() == SqlToken.Type.SEMICOLON) {
                if (meaningful) {
                    statements.add(sql.substring(start, token.start()).strip());
                }
                start = token.end();
                meaningful = false;
            } else if (!token.isTrivia()) {
                meaningful = true;
            }
        }
        if (meaningful) {
            statements.add(sql.substring(start).strip());
        }
        return statements;
    }
}
