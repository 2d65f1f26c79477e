package io.switchboard.core.engine;

import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.RowBatch;
import io.switchboard.core.sql.Dialect;
import java.util.List;
import java.util.Optional;

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
     * query's own (virtual) thread. Interrupting that thread cancels the statement (the call then
     * fails with {@code QUERY_CANCELED}): that is how a query is canceled before its
     * {@link ResultStream} exists. Errors surface as
     * {@link io.switchboard.core.error.SwitchboardException} with an engine-side or user error code.
     */
    ResultStream execute(EngineQuery query);

    /**
     * Describes a statement without running it: result columns and parameter types. The SQL may
     * hold positional parameters ({@code $1} or {@code ?}) that are not bound.
     */
    StatementDescription describe(EngineQuery query);

    /**
     * The engine's plan for a statement, as text, without running it. The default runs
     * {@code EXPLAIN <sql>} and joins the result's values, which suits most engines.
     */
    default String explain(EngineQuery query) {
        EngineQuery explain = new EngineQuery(query.queryId(), "EXPLAIN " + query.sql(), query.session(), query.timeout());
        StringBuilder plan = new StringBuilder();
        try (ResultStream result = execute(explain)) {
            for (RowBatch batch = result.nextBatch(); batch != null; batch = result.nextBatch()) {
                for (Object[] row : batch.rows()) {
                    for (Object value : row) {
                        if (value != null) {
                            if (!plan.isEmpty()) {
                                plan.append('\n');
                            }
                            plan.append(value);
                        }
                    }
                }
            }
        }
        return plan.toString();
    }

    /**
     * What the statement is expected to read, from the engine's own EXPLAIN, without running it.
     * Empty when the engine has no usable EXPLAIN; throws when the EXPLAIN fails. The caller bounds
     * the time ({@link EngineQuery#timeout()}, and an interrupt cancels as for {@link #execute}).
     */
    default Optional<ScanEstimate> estimate(EngineQuery query) {
        return Optional.empty();
    }

    /**
     * What reading the given tables whole would cost, from the engine's table statistics (row
     * counts, sizes on disk): the fallback when the plan gives no figures. An upper bound for
     * queries that filter. Empty when the engine keeps no statistics or knows none of the tables.
     */
    default Optional<ScanEstimate> estimateFromStatistics(EngineQuery query, List<TableReference> tables) {
        return Optional.empty();
    }

    /** Probes the engine with a cheap real query. Never throws. */
    HealthStatus checkHealth();

    /** Stops accepting work and releases connections and threads. */
    @Override
    void close();
}
