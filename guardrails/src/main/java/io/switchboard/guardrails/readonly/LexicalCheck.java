package io.switchboard.guardrails.readonly;

import io.switchboard.core.sql.Dialect;
import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.SqlToken.Type;
import java.util.List;

/**
 * Refuses text whose tokens an engine could read differently from the guard: look-alike and
 * invisible characters in code, nested block comments (PostgreSQL nests them, MySQL and Trino
 * do not), MySQL's {@code --} without a following space (not a comment there), Unicode-escaped
 * identifiers ({@code U&"..."}), and strings, quoted names or comments left open at the end.
 */
final class LexicalCheck {
    private LexicalCheck() {}

    static Finding check(String sql, Dialect dialect, List<SqlToken> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            switch (token.type()) {
                case COMMENT -> {
                    Finding comment = comment(token, dialect);
                    if (comment != null) {
                        return comment;
                    }
                }
                case STRING, QUOTED_IDENTIFIER -> { }
                default -> {
                    String problem = LookalikeCharacters.firstProblem(token.text());
                    if (problem != null) {
                        return Finding.unclear("the code contains " + problem
                                + "; write SQL keywords and names in plain ASCII or quote the name");
                    }
                    if (token.type() == Type.WORD && token.text().equalsIgnoreCase("U") && i + 2 < tokens.size()
                            && tokens.get(i + 1).isOperator("&") && tokens.get(i + 1).start() == token.end()
                            && tokens.get(i + 2).type() == Type.QUOTED_IDENTIFIER && tokens.get(i + 2).start() == tokens.get(i + 1).end()) {
                        return Finding.unclear("Unicode-escaped identifiers (U&\"...\") are not accepted; write the name plainly");
                    }
                }
            }
        }
        if (ReadOnlyInspector.endsUnterminated(sql, dialect, tokens)) {
            return Finding.unclear("the text ends inside an unterminated string, quoted name or comment");
        }
        return null;
    }

    private static Finding comment(SqlToken token, Dialect dialect) {
        String text = token.text();
        if (text.startsWith("/*")) {
            if (text.indexOf("/*", 2) >= 0) {
                return Finding.unclear("nested block comments are read differently by different engines");
            }
        } else if (text.startsWith("--") && text.length() > 2 && !Character.isWhitespace(text.charAt(2))
                && (dialect == Dialect.MYSQL || dialect == Dialect.STARROCKS)) {
            return Finding.unclear("'--' not followed by a space starts no comment in MySQL; write '-- ' or '/* */'");
        }
        return null;
    }
}
