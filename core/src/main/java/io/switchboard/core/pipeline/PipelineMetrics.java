package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.core.feedback.QueryOutcome;
import io.switchboard.core.feedback.StageTimings;
import io.switchboard.core.session.FrontendProtocol;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline's meters: queries by frontend, group, cluster, engine and outcome; latency
 * histograms overall and per stage; queries running now.
 */
public final class PipelineMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger running = new AtomicInteger();
    // Meters are looked up once per tag combination, not per query: a registry lookup builds
    // and sorts the tags and compares ids, which cost more than recording the value.
    private final ConcurrentHashMap<QueryMeterKey, QueryMeters> queryMeters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> stageTimers = new ConcurrentHashMap<>();

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
        registry.gauge("switchboard.queries.running", running);
    }

    public MeterRegistry registry() {
        return registry;
    }

    void started() {
        running.incrementAndGet();
    }

    public int running() {
        return running.get();
    }

    void finished(FrontendProtocol frontend, String group, String cluster, String engine, QueryOutcome outcome,
            long elapsedMicros, StageTimings timings) {
        running.decrementAndGet();
        QueryMeters meters = queryMeters.computeIfAbsent(new QueryMeterKey(frontend, group, cluster, engine, outcome), this::register);
        meters.queries().increment();
        meters.duration().record(elapsedMicros, TimeUnit.MICROSECONDS);
        for (Map.Entry<String, Long> stage : timings.micros().entrySet()) {
            stageTimers.computeIfAbsent(stage.getKey(), this::registerStage).record(stage.getValue(), TimeUnit.MICROSECONDS);
        }
    }

    /** The tags of one query's meters; as many as there are meters, so the caches stay as small as the registry. */
    private record QueryMeterKey(FrontendProtocol frontend, String group, String cluster, String engine, QueryOutcome outcome) {}

    private record QueryMeters(Counter queries, Timer duration) {}

    private QueryMeters register(QueryMeterKey key) {
        String outcomeName = key.outcome().name().toLowerCase(java.util.Locale.ROOT);
        Counter queries = Counter.builder("switchboard.queries")
                .description("Queries by frontend, group, cluster, engine and outcome")
                .tag("frontend", key.frontend().configName())
                .tag("group", orNone(key.group()))
                .tag("cluster", orNone(key.cluster()))
                .tag("engine", orNone(key.engine()))
                .tag("outcome", outcomeName)
                .register(registry);
        Timer duration = Timer.builder("switchboard.query.duration")
                .description("Time from receiving a query to its end")
                .tag("frontend", key.frontend().configName())
                .tag("engine", orNone(key.engine()))
                .tag("outcome", outcomeName)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        return new QueryMeters(queries, duration);
    }

    private Timer registerStage(String stage) {
        return Timer.builder("switchboard.query.stage.duration")
                .description("Time spent in each pipeline stage")
                .tag("stage", stage)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
