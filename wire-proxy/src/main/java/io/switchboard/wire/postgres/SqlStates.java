package io.switchboard.wire.postgres;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one place where Switchboard's error codes become PostgreSQL SQLSTATEs. An engine's own
 * SQLSTATE wins when it reported one. Class 08 (connection exception) and 57P0x are avoided for
 * errors that leave the client's connection fine: pools such as HikariCP evict connections on
 * those states.
 */
final class SqlStates {
    private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");
    private static final Map<ErrorCode, String> STATES = new EnumMap<>(ErrorCode.class);
    private static final Map<ErrorCode, String> HINTS = new EnumMap<>(ErrorCode.class);

    static {
        STATES.put(ErrorCode.SYNTAX_ERROR, "42601");
        STATES.put(ErrorCode.TABLE_NOT_FOUND, "42P01");
        STATES.put(ErrorCode.COLUMN_NOT_FOUND, "42703");
        STATES.put(ErrorCode.SCHEMA_NOT_FOUND, "3F000");
        STATES.put(ErrorCode.INVALID_ARGUMENT, "22023");
        STATES.put(ErrorCode.TYPE_MISMATCH, "42804");
        STATES.put(ErrorCode.DIVISION_BY_ZERO, "22012");
        STATES.put(ErrorCode.CONSTRAINT_VIOLATION, "23000");
        STATES.put(ErrorCode.NOT_SUPPORTED, "0A000");
        STATES.put(ErrorCode.AUTHENTICATION_FAILED, "28P01");
        STATES.put(ErrorCode.PERMISSION_DENIED, "42501");
        STATES.put(ErrorCode.QUERY_DENIED, "42501");
        STATES.put(ErrorCode.READ_ONLY_VIOLATION, "25006");
        STATES.put(ErrorCode.COST_LIMIT_EXCEEDED, "54000");
        STATES.put(ErrorCode.APPROVAL_PENDING, "55000");
        STATES.put(ErrorCode.APPROVAL_REJECTED, "42501");
        STATES.put(ErrorCode.APPROVAL_EXPIRED, "55000");
        STATES.put(ErrorCode.QUERY_CANCELED, "57014");
        STATES.put(ErrorCode.QUERY_NOT_FOUND, "42704");
        STATES.put(ErrorCode.PROTOCOL_VIOLATION, "08P01");
        STATES.put(ErrorCode.INVALID_CONFIGURATION, "F0000");
        STATES.put(ErrorCode.TRANSLATION_FAILED, "0A000");
        STATES.put(ErrorCode.ENGINE_ERROR, "58000");
        STATES.put(ErrorCode.ENGINE_UNAVAILABLE, "58000");
        STATES.put(ErrorCode.CLUSTER_UNAVAILABLE, "58000");
        STATES.put(ErrorCode.QUERY_TIMEOUT, "57014");
        STATES.put(ErrorCode.QUEUE_FULL, "53000");
        STATES.put(ErrorCode.QUEUE_TIMEOUT, "53000");
        STATES.put(ErrorCode.MESSAGE_TOO_LARGE, "54000");
        STATES.put(ErrorCode.RESULT_TOO_LARGE, "54000");
        STATES.put(ErrorCode.TOO_MANY_CONNECTIONS, "53300");
        STATES.put(ErrorCode.NO_ROUTE, "XX000");
        STATES.put(ErrorCode.INTERNAL, "XX000");

        HINTS.put(ErrorCode.QUEUE_FULL, "The cluster group is at capacity; retry later.");
        HINTS.put(ErrorCode.QUEUE_TIMEOUT, "The query waited too long for a free slot; retry later or raise capacityWaitTimeoutSecs.");
        HINTS.put(ErrorCode.APPROVAL_PENDING, "A person must approve this query in Switchboard Studio before it runs.");
        HINTS.put(ErrorCode.ENGINE_UNAVAILABLE, "The engine behind Switchboard cannot be reached; the connection to Switchboard is fine.");
        HINTS.put(ErrorCode.CLUSTER_UNAVAILABLE, "No healthy cluster can take the query; the connection to Switchboard is fine.");
        HINTS.put(ErrorCode.NO_ROUTE, "Configure routingFallback or a router that matches this query.");
        HINTS.put(ErrorCode.TRANSLATION_FAILED, "Rewrite the query in a form the target engine understands, or route it elsewhere.");
        for (ErrorCode code : ErrorCode.values()) {
            if (!STATES.containsKey(code)) {
                throw new ExceptionInInitializerError("no SQLSTATE for " + code);
            }
        }
    }

    private SqlStates() {}

    static String of(ErrorCode code) {
        return STATES.get(code);
    }

    /** The ErrorResponse for a failed statement: the engine's SQLSTATE when valid, else the code's. */
    static PostgresError toError(SwitchboardException error) {
        String state = error.sqlState().filter(s -> SQLSTATE.matcher(s).matches()).orElse(STATES.get(error.code()));
        String message = error.getMessage() == null ? error.code().name() : error.getMessage();
        return new PostgresError(PostgresError.Severity.ERROR, state, message, null, HINTS.get(error.code()));
    }
}
