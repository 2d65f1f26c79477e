package io.switchboard.core.engine;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.session.ParameterizedSql;
import io.switchboard.core.session.QueryId;
import io.switchboard.core.session.Session;
import java.time.Duration;

/**
 * What an engine is asked to run: final SQL in the engine's dialect, and the session it runs
 * for (engines may use the user, the database name or settings).
 *
 * @param timeout how long the statement may run before the engine cancels it; zero for no limit
 * @param parameterized the same statement with its parameters apart, when the client sent it so
 *     and {@code sql} is exactly what binding them gives; engines that can prepare statements may
 *     run this form instead. {@code null} otherwise
 */
public record EngineQuery(QueryId queryId, String sql, Session session, Duration timeout, ParameterizedSql parameterized) {
    public EngineQuery {
        requireNonNull(queryId, "queryId is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(session, "session is null");
        requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative");
        }
    }

    public EngineQuery(QueryId queryId, String sql, Session session, Duration timeout) {
        this(queryId, sql, session, timeout, null);
    }
}
