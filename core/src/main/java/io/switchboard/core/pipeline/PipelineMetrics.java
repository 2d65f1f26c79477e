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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pipeline's meters: queries by frontend, group, cluster, engine and outcome; latency
 * histograms overall and per stage; queries running now.
 */
public final class PipelineMetrics {
    private final MeterRegistry registry;
    private final AtomicInteger running = new AtomicInteger();

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
        String outcomeName = outcome.name().toLowerCase(java.util.Locale.ROOT);
        Counter.builder("switchboard.queries")
                .description("Queries by frontend, group, cluster, engine and outcome")
                .tag("frontend", frontend.configName())
                .tag("group", orNone(group))
                .tag("cluster", orNone(cluster))
                .tag("engine", orNone(engine))
                .tag("outcome", outcomeName)
                .register(registry)
                .increment();
        Timer.builder("switchboard.query.duration")
                .description("Time from receiving a query to its end")
                .tag("frontend", frontend.configName())
                .tag("engine", orNone(engine))
                .tag("outcome", outcomeName)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry)
                .record(elapsedMicros, TimeUnit.MICROSECONDS);
        for (Map.Entry<String, Long> stage : timings.micros().entrySet()) {
            Timer.builder("switchboard.query.stage.duration")
                    .description("Time spent in each pipeline stage")
                    .tag("stage", stage.getKey())
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(1_000))
                    .maximumExpectedValue(Duration.ofMinutes(10))
                    .register(registry)
                    .record(stage.getValue(), TimeUnit.MICROSECONDS);
        }
    }

    private static String orNone(String value) {
        return value == null ? "none" : value;
    }
}
