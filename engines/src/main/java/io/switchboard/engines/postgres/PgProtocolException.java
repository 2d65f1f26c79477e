package io.switchboard.engines.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An ErrorResponse from PostgreSQL (or a protocol failure given a SQLSTATE), with the fields a
 * client shows: SQLSTATE, severity, message, detail and hint.
 */
final class PgProtocolException extends IOException {
    private final String sqlState;
    private final String severity;
    private final String serverMessage;
    private final String detail;
    private final String hint;
    /** The server function that raised the error (field R), which unlike the message is never translated. */
    private final String routine;

    PgProtocolException(String sqlState, String message) {
        this(sqlState, "ERROR", message, null, null, null);
    }

    private PgProtocolException(String sqlState, String severity, String message, String detail, String hint, String routine) {
        super(message);
        this.sqlState = sqlState;
        this.severity = severity;
        this.serverMessage = message;
        this.detail = detail;
        this.hint = hint;
        this.routine = routine;
    }

    /** Reads the fields of an ErrorResponse body. */
    static PgProtocolException fromErrorResponse(byte[] body, int start, int length) {
        String state = "XX000";
        String severity = "ERROR";
        String message = "";
        String detail = null;
        String hint = null;
        String routine = null;
        int end = start + length;
        int at = start;
        while (at < end && body[at] != 0) {
            byte field = body[at++];
            int valueEnd = PgBackendConnection.indexOfZero(body, at, end);
            String value = new String(body, at, valueEnd - at, StandardCharsets.UTF_8);
            switch (field) {
                case 'C' -> state = value;
                case 'V' -> severity = value;
                case 'M' -> message = value;
                case 'D' -> detail = value;
                case 'H' -> hint = value;
                case 'R' -> routine = value;
                default -> { }
            }
            at = valueEnd + 1;
        }
        return new PgProtocolException(state, severity, message, detail, hint, routine);
    }

    String sqlState() {
        return sqlState;
    }

    /**
     * Whether a prepared statement of ours no longer fits the error's statement: it was removed
     * ({@code DEALLOCATE} or {@code DISCARD} on the connection), its name is taken, or a table it
     * reads changed its columns ("cached plan must not change result type").
     */
    boolean preparedStatementOutdated() {
        return switch (sqlState) {
            case "26000", "42P05" -> true;
            case "0A000" -> "RevalidateCachedQuery".equals(routine);
            default -> false;
        };
    }

    /** FATAL and PANIC end the session: the connection cannot be used again. */
    boolean endsSession() {
        return severity.equals("FATAL") || severity.equals("PANIC");
    }

    /** The message as PostgreSQL clients show it: the message, then its detail and hint. */
    String fullMessage() {
        StringBuilder text = new StringBuilder(serverMessage);
        if (detail != null) {
            text.append("\nDetail: ").append(detail);
        }
        if (hint != null) {
            text.append("\nHint: ").append(hint);
        }
        return text.toString();
    }
}
