package io.switchboard.routing;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.result.ResultStream;
import io.switchboard.core.result.ResultStreams;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine for capacity tests, which need only its identity, its type and a health answer the
 * test controls; it never runs SQL. Real engines are used where queries run.
 */
final class StubEngine implements Engine {
    private final String clusterName;
    private final EngineType type;
    private volatile HealthStatus health = HealthStatus.healthy("ok");
    final AtomicInteger probes = new AtomicInteger();

    StubEngine(String clusterName, EngineType type) {
        this.clusterName = clusterName;
        this.type = type;
    }

    void answerHealth(HealthStatus status) {
        this.health = status;
    }

    @Override
    public String clusterName() {
        return clusterName;
    }

    @Override
    public EngineType type() {
        return type;
    }

    @Override
    public ResultStream execute(EngineQuery query) {
        return ResultStreams.updateCount(0);
    }

    @Override
    public StatementDescription describe(EngineQuery query) {
        return new StatementDescription(List.of(), List.of());
    }

    @Override
    public HealthStatus checkHealth() {
        probes.incrementAndGet();
        return health;
    }

    @Override
    public void close() {}
}
