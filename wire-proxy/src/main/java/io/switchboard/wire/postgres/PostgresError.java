package io.switchboard.wire.postgres;

import static java.util.Objects.requireNonNull;

/**
 * The fields of an ErrorResponse or NoticeResponse.
 *
 * @param detail a second line with more facts, or null
 * @param hint what the user can do about it, or null
 */
record PostgresError(Severity severity, String sqlState, String message, String detail, String hint) {

    enum Severity {
        /** Ends the connection. */
        FATAL,
        /** Ends the statement; the connection stays usable. */
        ERROR,
        WARNING,
        NOTICE
    }

    PostgresError {
        requireNonNull(severity, "severity is null");
        requireNonNull(sqlState, "sqlState is null");
        requireNonNull(message, "message is null");
        if (sqlState.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must have 5 characters: " + sqlState);
        }
    }

    static PostgresError error(String sqlState, String message) {
        return new PostgresError(Severity.ERROR, sqlState, message, null, null);
    }

    static PostgresError fatal(String sqlState, String message) {
        return new PostgresError(Severity.FATAL, sqlState, message, null, null);
    }

    static PostgresError warning(String sqlState, String message) {
        return new PostgresError(Severity.WARNING, sqlState, message, null, null);
    }

    static PostgresError notice(String message) {
        return new PostgresError(Severity.NOTICE, "00000", message, null, null);
    }

    PostgresError withHint(String value) {
        return new PostgresError(severity, sqlState, message, detail, value);
    }

    PostgresError withDetail(String value) {
        return new PostgresError(severity, sqlState, message, value, hint);
    }

    PostgresError asFatal() {
        return new PostgresError(Severity.FATAL, sqlState, message, detail, hint);
    }

    boolean isNotice() {
        return severity == Severity.WARNING || severity == Severity.NOTICE;
    }
}
