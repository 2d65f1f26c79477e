package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.HealthStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every cluster on its own interval ({@code healthCheckIntervalSecs}) and publishes the
 * result to the capacity manager, so that unhealthy clusters stop receiving queries and come back
 * once a probe succeeds. A cluster whose circuit opened is probed as soon as its backoff passes:
 * that probe is the circuit's half-open test.
 *
 * <p>Each probe runs on its own virtual thread, so a hanging engine delays only its own probe;
 * a cluster never has two probes at once, and one timer per cluster decides when the next runs.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final ClusterGroupManager manager;
    private final ScheduledExecutorService scheduler;
    /** One probe per cluster; a reconfiguration may add clusters while probes run. */
    private final Map<String, ClusterProbe> probes = new ConcurrentHashMap<>();
    private volatile boolean started;
    private volatile boolean closed;

    public HealthMonitor(ClusterGroupManager manager) {
        this.manager = requireNonNull(manager, "manager is null");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("health-monitor").factory());
        for (String cluster : manager.clusterNames()) {
            probes.put(cluster, new ClusterProbe(cluster, manager.engine(cluster), manager.healthCheckInterval(cluster)));
        }
        manager.addListener(new CapacityListener() {
            @Override
            public void clusterAdded(String cluster) {
                ClusterProbe probe = new ClusterProbe(cluster, manager.engine(cluster), manager.healthCheckInterval(cluster));
                if (probes.putIfAbsent(cluster, probe) == null && started) {
                    probe.scheduleWithin(0);
                }
            }

            @Override
            public void circuitChanged(String cluster, CircuitState from, CircuitState to) {
                ClusterProbe probe = probes.get(cluster);
                if (to == CircuitState.OPEN && probe != null && started) {
                    probe.scheduleWithin(manager.nanosUntilCircuitProbe(cluster));
                }
            }
        });
    }

    /** Starts probing: every cluster now, then on its interval. */
    public void start() {
        started = true;
        for (ClusterProbe probe : probes.values()) {
            probe.scheduleWithin(0);
        }
    }

    /** Probes every cluster now and waits for the results (tests, and the admin API's "check now"). */
    public void probeAll(Duration timeout) {
        List<CompletableFuture<Void>> running = probes.values().stream().map(ClusterProbe::runNow).toList();
        try {
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Health probes did not all finish within {}", timeout);
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
    }

    /** A scheduled probe; the one a cluster has pending until it fires or an earlier one replaces it. */
    private static final class Timer {
        final long dueAt;
        ScheduledFuture<?> future;

        Timer(long dueAt) {
            this.dueAt = dueAt;
        }
    }

    /** One cluster's probe and its one timer. */
    private final class ClusterProbe {
        private final String cluster;
        private final Engine engine;
        private final Duration interval;
        private final AtomicBoolean inFlight = new AtomicBoolean();
        private Timer pending;

        ClusterProbe(String cluster, Engine engine, Duration interval) {
            this.cluster = cluster;
            this.engine = engine;
            this.interval = interval;
        }

        /** Makes sure a probe runs within {@code delayNanos}; an earlier timer already set is kept. */
        synchronized void scheduleWithin(long delayNanos) {
            if (closed) {
                return;
            }
            long dueAt = System.nanoTime() + Math.max(0, delayNanos);
            if (pending != null && dueAt - pending.dueAt >= 0) {
                return;
            }
            if (pending != null) {
                pending.future.cancel(false);
            }
            Timer timer = new Timer(dueAt);
            try {
                timer.future = scheduler.schedule(() -> fire(timer), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
                pending = timer;
            } catch (RejectedExecutionException e) {
                // Closed meanwhile.
            }
        }

        private void fire(Timer timer) {
            synchronized (this) {
                if (pending != timer) {
                    return;
                }
                pending = null;
            }
            runNow();
        }

        /** Starts a probe unless one is running; the returned future completes when it has. */
        CompletableFuture<Void> runNow() {
            if (!inFlight.compareAndSet(false, true)) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread.ofVirtual().name("health-" + cluster).start(() -> {
                try {
                    probe();
                } finally {
                    inFlight.set(false);
                    done.complete(null);
                    scheduleNext();
                }
            });
            return done;
        }

        private void probe() {
            boolean halfOpen = manager.tryBeginCircuitProbe(cluster);
            HealthStatus status;
            try {
                status = engine.checkHealth();
            } catch (RuntimeException e) {
                status = HealthStatus.unhealthy("health probe failed: " + e.getMessage());
            }
            manager.updateHealth(cluster, status);
            if (halfOpen) {
                manager.finishCircuitProbe(cluster, status);
            }
        }

        private void scheduleNext() {
            if (!started) {
                return;
            }
            long delay = interval.toNanos();
            long untilCircuitProbe = manager.nanosUntilCircuitProbe(cluster);
            if (untilCircuitProbe >= 0) {
                delay = Math.min(delay, untilCircuitProbe);
            }
            scheduleWithin(delay);
        }
    }
}
