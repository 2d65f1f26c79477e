package io.switchboard.engines;

import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;

/**
 * Why an engine's result stream stopped before its end, and the error each reason gives the
 * client. Every adapter's stream stops for the same three reasons and says so the same way
 * (SQLSTATE 57014 for a cancel or a timeout, 57P01 for a closed cluster).
 */
public enum Termination {
    CANCELED,
    TIMED_OUT,
    ENGINE_CLOSED;

    /**
     * The error for a stream stopped for {@code reason} (null counts as a cancel).
     *
     * @param label how the query is named after "Query ": its id, with the engine's own id when
     *     it is known early ({@code 2026… (Trino query 2026…)})
     * @param trailer appended to the cancel and timeout messages (the engine's own id when it is
     *     named last), or ""
     * @param closed what happened to the cluster, for {@link #ENGINE_CLOSED}
     */
    public static SwitchboardException error(Termination reason, EngineQuery query, String label, String trailer, String closed,
            Throwable cause) {
        return switch (reason == null ? CANCELED : reason) {
            case CANCELED -> new SwitchboardException(ErrorCode.QUERY_CANCELED,
                    "Query " + label + " was canceled" + trailer, "57014", cause);
            case TIMED_OUT -> new SwitchboardException(ErrorCode.QUERY_TIMEOUT, "Query " + label
                    + " was canceled because it ran longer than its timeout of " + query.timeout().toMillis() + " ms" + trailer,
                    "57014", cause);
            case ENGINE_CLOSED -> new SwitchboardException(ErrorCode.ENGINE_UNAVAILABLE,
                    closed + "; query " + label + " was stopped", "57P01", cause);
        };
    }
}
