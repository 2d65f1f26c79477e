package io.switchboard.routing.bench;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.pipeline.CapacityLease;
import io.switchboard.core.result.ResultStream;
import io.switchboard.routing.CapacityConfig;
import io.switchboard.routing.ClusterGroupManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What capacity admission adds to an uncontended query: take a slot and give it back, on a
 * group of three members with free slots, recording the queue-wait histogram in a Prometheus
 * registry as the server does; with a circuit breaker counting the outcome in the second case.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class CapacityAdmissionBenchmark {

    @State(Scope.Benchmark)
    public static class Capacity {
        ClusterGroupManager manager;

        @Setup(Level.Trial)
        public void setUp() {
            SwitchboardConfig config = ConfigLoader.load("""
                    clusters:
                      a: {engine: duckDb}
                      b: {engine: duckDb}
                      c: {engine: duckDb}
                    clusterGroups:
                      plain: {members: [a, b, c], maxRunningQueries: 100, strategy: {type: leastLoaded}}
                      guarded: {members: [a, b, c], maxRunningQueries: 100, strategy: {type: leastLoaded}, circuitBreaker: {}}
                    """, List.of(), name -> null);
            manager = new ClusterGroupManager(CapacityConfig.parse(config.clusters(), config.clusterGroups()),
                    Map.of("a", new IdleEngine("a"), "b", new IdleEngine("b"), "c", new IdleEngine("c")),
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        }
    }

    @Benchmark
    public String acquireAndRelease(Capacity state) {
        try (CapacityLease lease = state.manager.acquire("plain", null)) {
            return lease.cluster();
        }
    }

    @Benchmark
    public String acquireReportAndReleaseWithBreaker(Capacity state) {
        try (CapacityLease lease = state.manager.acquire("guarded", null)) {
            lease.reportSuccess();
            return lease.cluster();
        }
    }

    /** Admission never touches the engine; it only needs one to place queries on. */
    private record IdleEngine(String clusterName) implements Engine {
        @Override
        public EngineType type() {
            return EngineType.DUCKDB;
        }

        @Override
        public ResultStream execute(EngineQuery query) {
            throw new UnsupportedOperationException("admission benchmark");
        }

        @Override
        public StatementDescription describe(EngineQuery query) {
            throw new UnsupportedOperationException("admission benchmark");
        }

        @Override
        public HealthStatus checkHealth() {
            return HealthStatus.healthy("idle");
        }

        @Override
        public void close() {}
    }
}
