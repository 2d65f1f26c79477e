package io.switchboard.core.sql;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Removes secrets from SQL text before it is logged or recorded: string literals that follow a
 * password-like word ({@code PASSWORD 'x'}, {@code IDENTIFIED BY 'x'}, {@code secret = 'x'}),
 * every literal of a {@code CREATE SECRET}, and passwords inside connection URLs
 * ({@code postgresql://user:pw@host}).
 */
public final class SecretRedactor {
    public static final String MASK = "'***'";

    private static final Set<String> SECRET_WORDS = Set.of(
            "PASSWORD", "PASSWD", "PWD", "SECRET", "TOKEN", "KEY_ID", "SECRET_KEY", "ACCESS_KEY", "ACCESS_KEY_ID",
            "SECRET_ACCESS_KEY", "SESSION_TOKEN", "API_KEY", "CREDENTIALS", "PRIVATE_KEY", "BY");
    private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s']+:)([^@\\s']+)(@)");

    private SecretRedactor() {}

    public static String redact(String sql, Dialect dialect) {
        if (!mayHoldSecret(sql)) {
            return sql;
        }
        List<SqlToken> tokens = SqlLexer.tokenize(sql, dialect);
        boolean secretStatement = isCreateSecret(tokens);
        StringBuilder result = new StringBuilder(sql.length());
        SqlToken previous = null;
        SqlToken beforePrevious = null;
        for (SqlToken token : tokens) {
            if (token.type() == SqlToken.Type.STRING && (secretStatement || followsSecretWord(previous, beforePrevious))) {
                result.append(MASK);
            } else if (token.type() == SqlToken.Type.STRING || token.type() == SqlToken.Type.COMMENT) {
                result.append(URL_PASSWORD.matcher(token.text()).replaceAll("$1***$3"));
            } else {
                result.append(token.text());
            }
            if (!token.isTrivia()) {
                beforePrevious = previous;
                previous = token;
            }
        }
        return result.toString();
    }

    private static boolean mayHoldSecret(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        return upper.contains("PASS") || upper.contains("SECRET") || upper.contains("TOKEN") || upper.contains("KEY")
                || upper.contains("PWD") || upper.contains("IDENTIFIED") || upper.contains("CREDENTIAL") || sql.contains("://");
    }

    private static boolean isCreateSecret(List<SqlToken> tokens) {
        int words = 0;
        for (SqlToken token : tokens) {
            if (token.isTrivia()) {
                continue;
            }
            if (token.isWord("SECRET")) {
                return true;
            }
            if (++words > 5) {
                return false;
            }
        }
        return false;
    }

    private static boolean followsSecretWord(SqlToken previous, SqlToken beforePrevious) {
        if (previous == null) {
            return false;
        }
        if (previous.type() == SqlToken.Type.WORD) {
            String word = previous.upperText();
            if (word.equals("BY")) {
                return beforePrevious != null && beforePrevious.isWord("IDENTIFIED");
            }
            return SECRET_WORDS.contains(word);
        }
        if ((previous.isOperator("=") || previous.isOperator(":") || previous.isOperator("=>")) && beforePrevious != null) {
            String name = beforePrevious.upperText();
            return name.contains("PASSWORD") || name.contains("SECRET") || name.contains("TOKEN") || name.endsWith("KEY")
                    || name.contains("PWD") || name.contains("CREDENTIAL");
        }
        return false;
    }
}
