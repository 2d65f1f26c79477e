package io.switchboard.core.engine;

import io.switchboard.core.result.ResultStream;
import io.switchboard.core.sql.Dialect;

/**
 * One cluster: a connection to a real engine. Engines run SQL already in their dialect and
 * return a {@link ResultStream}; they never route, guard or encode a wire protocol.
 *
 * <p>Implementations are thread-safe: many queries run on one engine at once.
 */
public interface Engine extends AutoCloseable {

    /** The cluster's name in the configuration. */
    String clusterName();

    EngineType type();

    default Dialect dialect() {
        return type().defaultDialect();
    }

    /**
     * Starts the statement and returns once its columns are known. Blocking; call it from the
     * query's own (virtual) thread. Errors surface as
     * {@link io.switchboard.core.error.SwitchboardException} with an engine-side or user error code.
     */
    ResultStream execute(EngineQuery query);

    /**
     * Describes a statement without running it: result columns and parameter types. The SQL may
     * hold positional parameters ({@code $1} or {@code ?}) that are not bound.
     */
    StatementDescription describe(EngineQuery query);

    /** Probes the engine with a cheap real query. Never throws. */
    HealthStatus checkHealth();

    /** Stops accepting work and releases connections and threads. */
    @Override
    void close();
}
