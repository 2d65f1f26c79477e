package io.switchboard.engines.jdbc;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Optional;

/**
 * The errors all JDBC engines share: failures to reach the engine. Whatever the driver, a
 * connection that cannot be had is ENGINE_UNAVAILABLE, so that routers and health checks treat
 * it as the engine's trouble and not the client's.
 */
public final class JdbcErrors {
    private JdbcErrors() {}

    /**
     * The error as ENGINE_UNAVAILABLE when it says the engine could not be reached (the pool's
     * timeout, a connection SQLSTATE {@code 08xxx}, the engine shutting down {@code 57P0x}, or the
     * engine rejecting the configured credentials {@code 28xxx}); empty for any other error.
     *
     * @param where names the cluster and its address, for the message
     */
    public static Optional<SwitchboardException> connectionFailure(SQLException e, String where, Duration connectTimeout) {
        SQLException cause = driverCause(e);
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        String detail = message(cause);
        if (state.startsWith("28")) {
            return Optional.of(new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where
                    + " rejected the configured credentials: " + detail, "08004", e));
        }
        if (e instanceof SQLTransientConnectionException) {
            String reason = cause == e ? "" : ": " + detail;
            return Optional.of(new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where
                    + " is unavailable: no connection within " + connectTimeout.toMillis() + " ms" + reason,
                    state.startsWith("08") ? state : "08001", e));
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
            return Optional.of(new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE, where + " is unavailable: " + detail,
                    state, e));
        }
        return Optional.empty();
    }

    /** The driver's own exception inside the pool's wrapper, if there is one. */
    static SQLException driverCause(SQLException e) {
        SQLException current = e;
        for (int depth = 0; depth < 10; depth++) {
            if (current.getCause() instanceof SQLException next && next != current) {
                current = next;
            } else {
                break;
            }
        }
        return current;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
