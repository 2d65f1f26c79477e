package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ConfigLoader;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineEnvironment;
import io.switchboard.core.engine.EngineFactory;
import io.switchboard.core.engine.EngineQuery;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.engine.StatementDescription;
import io.switchboard.core.feedback.FeedbackStore;
import io.switchboard.core.feedback.QueryRecord;
import io.switchboard.core.result.ForwardingResultStream;
import io.switchboard.core.result.ResultStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Real engines for capacity tests, built from YAML by the engines module's own factories as the
 * server builds them, each wrapped so the test sees how many statements it runs at once.
 */
final class RealClusters implements AutoCloseable {
    final SwitchboardConfig config;
    final CapacityConfig capacity;
    final Map<String, CountingEngine> engines = new LinkedHashMap<>();

    RealClusters(String yaml, Function<String, String> environment, Path dataDirectory, MeterRegistry registry) {
        config = ConfigLoader.load(yaml, List.of("dataDirectory=" + dataDirectory), environment);
        // As the server does: routing reads its cluster keys before the engine factories check theirs.
        capacity = CapacityConfig.parse(config.clusters(), config.clusterGroups());
        Map<EngineType, EngineFactory> factories = new LinkedHashMap<>();
        for (EngineFactory factory : ServiceLoader.load(EngineFactory.class)) {
            factories.put(factory.type(), factory);
        }
        EngineEnvironment engineEnvironment = new EngineEnvironment(dataDirectory, registry);
        try {
            for (ClusterConfig cluster : config.clusters().values()) {
                engines.put(cluster.name(), new CountingEngine(factories.get(cluster.engine()).create(cluster, engineEnvironment)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    Map<String, Engine> engineMap() {
        return Map.copyOf(engines);
    }

    @Override
    public void close() {
        for (Engine engine : engines.values()) {
            engine.close();
        }
    }

    /** Counts statements between execute and the close of their stream; remembers the most at once. */
    static final class CountingEngine implements Engine {
        private final Engine delegate;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger executed = new AtomicInteger();

        CountingEngine(Engine delegate) {
            this.delegate = requireNonNull(delegate, "delegate is null");
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
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            executed.incrementAndGet();
            ResultStream stream;
            try {
                stream = delegate.execute(query);
            } catch (RuntimeException e) {
                running.decrementAndGet();
                throw e;
            }
            return new ForwardingResultStream(stream) {
                private final AtomicInteger closed = new AtomicInteger();

                @Override
                public void close() {
                    try {
                        delegate.close();
                    } finally {
                        if (closed.getAndIncrement() == 0) {
                            running.decrementAndGet();
                        }
                    }
                }
            };
        }

        @Override
        public StatementDescription describe(EngineQuery query) {
            return delegate.describe(query);
        }

        @Override
        public HealthStatus checkHealth() {
            return delegate.checkHealth();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Keeps every record, in arrival order. */
    static final class RecordingStore implements FeedbackStore {
        final ConcurrentLinkedQueue<QueryRecord> records = new ConcurrentLinkedQueue<>();

        @Override
        public void record(QueryRecord record) {
            records.add(record);
        }

        @Override
        public void close() {}
    }
}
