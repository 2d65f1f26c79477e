package io.switchboard.guardrails.readonly;

import io.switchboard.core.sql.SqlToken;
import io.switchboard.core.sql.SqlToken.Type;
import java.util.List;

/**
 * MySQL runs the inside of {@code /*! ... *}{@code /} (and MariaDB of {@code /*M! ... *}{@code /}) as
 * code, optionally only above a server version. The guard judges such a text twice: as written,
 * and with every executable comment opened up into code. A SQL text may be translated before it
 * reaches a MySQL engine, so this holds in every dialect.
 */
final class ExecutableComments {
    private ExecutableComments() {}

    static boolean present(List<SqlToken> tokens) {
        for (SqlToken token : tokens) {
            if (isExecutable(token)) {
                return true;
            }
        }
        return false;
    }

    /** The text with each executable comment replaced by its content, versions stripped. */
    static String expand(String sql, List<SqlToken> tokens) {
        StringBuilder expanded = new StringBuilder(sql.length());
        int copied = 0;
        for (SqlToken token : tokens) {
            if (!isExecutable(token)) {
                continue;
            }
            expanded.append(sql, copied, token.start()).append(' ').append(content(token.text())).append(' ');
            copied = token.end();
        }
        return expanded.append(sql, copied, sql.length()).toString();
    }

    private static boolean isExecutable(SqlToken token) {
        return token.type() == Type.COMMENT && (token.text().startsWith("/*!") || token.text().startsWith("/*M!")
                || token.text().startsWith("/*m!"));
    }

    private static String content(String comment) {
        int start = comment.startsWith("/*!") ? 3 : 4;
        int end = comment.endsWith("*/") && comment.length() >= start + 2 ? comment.length() - 2 : comment.length();
        int digits = start;
        while (digits < end && Character.isDigit(comment.charAt(digits))) {
            digits++;
        }
        return comment.substring(digits, end);
    }
}
