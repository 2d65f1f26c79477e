package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.HealthStatus;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every cluster on an interval and publishes the result to the capacity manager, so that
 * unhealthy clusters stop receiving queries and come back once a probe succeeds. Each probe runs
 * on its own virtual thread: a hanging engine delays only its own probe.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final ClusterGroupManager manager;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;

    public HealthMonitor(ClusterGroupManager manager, Duration interval) {
        this.manager = requireNonNull(manager, "manager is null");
        this.interval = requireNonNull(interval, "interval is null");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("health check interval must be positive");
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("health-monitor").factory());
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::probeAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts one probe per cluster; results are published as they arrive. */
    public void probeAll() {
        for (String cluster : manager.clusterNames()) {
            Engine engine = manager.engine(cluster);
            Thread.ofVirtual().name("health-" + cluster).start(() -> probe(cluster, engine));
        }
    }

    private void probe(String cluster, Engine engine) {
        HealthStatus status;
        try {
            status = engine.checkHealth();
        } catch (RuntimeException e) {
            status = HealthStatus.unhealthy("health probe failed: " + e.getMessage());
        }
        boolean before = manager.snapshot().stream().filter(s -> s.name().equals(cluster)).findFirst()
                .map(s -> s.health().healthy()).orElse(true);
        manager.updateHealth(cluster, status);
        if (before != status.healthy()) {
            log.warn("Cluster {} is now {}: {}", cluster, status.healthy() ? "healthy" : "unhealthy", status.detail());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
