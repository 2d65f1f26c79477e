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

    PgProtocolException(String sqlState, String message) {
        this(sqlState, "ERROR", message, null, null);
    }

    private PgProtocolException(String sqlState, String severity, String message, String detail, String hint) {
        super(message);
        this.sqlState = sqlState;
        this.severity = severity;
        this.serverMessage = message;
        this.detail = detail;
        this.hint = hint;
    }

    /** Reads the fields of an ErrorResponse body. */
    static PgProtocolException fromErrorResponse(byte[] body, int start, int length) {
        String state = "XX000";
        String severity = "ERROR";
        String message = "";
        String detail = null;
        String hint = null;
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
                default -> { }
            }
            at = valueEnd + 1;
        }
        return new PgProtocolException(state, severity, message, detail, hint);
    }

    String sqlState() {
        return sqlState;
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
