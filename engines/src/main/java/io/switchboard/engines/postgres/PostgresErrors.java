package io.switchboard.engines.postgres;

import io.switchboard.core.error.ErrorCode;

/**
 * Maps PostgreSQL's errors to an {@link ErrorCode}. PostgreSQL reports a SQLSTATE for every
 * error and it passes through unchanged; the code follows from it. The message is the server's
 * own, with the detail and hint when there are any ({@link PgProtocolException#fullMessage()}).
 */
final class PostgresErrors {
    private PostgresErrors() {}

    static ErrorCode code(String state) {
        if (state == null || state.length() != 5) {
            return ErrorCode.ENGINE_ERROR;
        }
        return switch (state) {
            case "42601" -> ErrorCode.SYNTAX_ERROR;
            case "42P01" -> ErrorCode.TABLE_NOT_FOUND;
            case "42703" -> ErrorCode.COLUMN_NOT_FOUND;
            case "3F000", "3D000" -> ErrorCode.SCHEMA_NOT_FOUND;
            case "22012" -> ErrorCode.DIVISION_BY_ZERO;
            case "57014" -> ErrorCode.QUERY_CANCELED;
            case "42501" -> ErrorCode.PERMISSION_DENIED;
            case "0A000" -> ErrorCode.NOT_SUPPORTED;
            case "42804", "42883", "42846", "42P18" -> ErrorCode.TYPE_MISMATCH;
            case "25006" -> ErrorCode.READ_ONLY_VIOLATION;
            case "53300" -> ErrorCode.TOO_MANY_CONNECTIONS;
            default -> switch (state.substring(0, 2)) {
                case "23" -> ErrorCode.CONSTRAINT_VIOLATION;
                case "22", "42", "2B", "2F", "3B", "44" -> ErrorCode.INVALID_ARGUMENT;
                case "25" -> ErrorCode.INVALID_ARGUMENT;
                case "08" -> ErrorCode.ENGINE_UNAVAILABLE;
                default -> ErrorCode.ENGINE_ERROR;
            };
        };
    }
}
