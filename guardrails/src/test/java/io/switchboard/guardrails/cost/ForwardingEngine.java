package io.switchboard.guardrails.cost;

import io.switchboard.core.analysis.TableReference;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.ScanEstimate;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import io.switchboard.core.result.ResultStream;
import java.util.List;
import java.util.Optional;

/**
 * A real engine whose EXPLAIN estimate, statistics, or both fail, as they do when an engine's
 * EXPLAIN rejects a statement or its catalog cannot be read. Everything else is the real engine's.
 */
final class ForwardingEngine implements Engine {
    private final Engine delegate;
    private final boolean explainFails;
    private final boolean statisticsFail;

    ForwardingEngine(Engine delegate, boolean explainFails, boolean statisticsFail) {
        this.delegate = delegate;
        this.explainFails = explainFails;
        this.statisticsFail = statisticsFail;
    }

    @Override
    public String clusterName() {
        return delegate.clusterName();
    }

    @Override
    public EngineType type() {
        return delegate.type();
    }

    @Override
    public ResultStream execute(EngineQuery query) {
        return delegate.execute(query);
    }

    @Override
    public StatementDescription describe(EngineQuery query) {
        return delegate.describe(query);
    }

    @Override
    public Optional<ScanEstimate> estimate(EngineQuery query) {
        if (explainFails) {
            // A real failure of the engine: an EXPLAIN form it does not know.
            try (ResultStream ignored = delegate.execute(new EngineQuery(query.queryId(), "EXPLAIN (FORMAT NO_SUCH_FORMAT) " + query.sql(),
                    query.session(), query.timeout()))) {
                throw new AssertionError("the engine accepted an unknown EXPLAIN format");
            }
        }
        return delegate.estimate(query);
    }

    @Override
    public Optional<ScanEstimate> estimateFromStatistics(EngineQuery query, List<TableReference> tables) {
        if (statisticsFail) {
            throw new SwitchboardException(ErrorCode.ENGINE_ERROR, "the statistics catalog cannot be read");
        }
        return delegate.estimateFromStatistics(query, tables);
    }

    @Override
    public HealthStatus checkHealth() {
        return delegate.checkHealth();
    }

    @Override
    public void close() {
        // The delegate belongs to the test.
    }
}
