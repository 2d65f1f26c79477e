package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.engine.HealthStatus;
import java.time.Duration;
import java.util.Locale;

/**
 * The live state of one cluster: its slots, its health and its circuit breaker. Slots change only
 * under the {@link ClusterGroupManager}'s lock; health is published by the health monitor and the
 * breaker keeps its own state, both readable without the lock. The limit, the breaker and the
 * enabled flag change only under the lock too (a run-time reconfiguration, an administrator's
 * disable) and are volatile so that gauges and listings read them without it. The running count
 * survives every change: a lower limit only stops admissions until enough queries end.
 */
final class ClusterState {
    private final String name;
    private final Engine engine;
    private final EngineType engineType;
    /** The limit the configuration gives (its own, else its groups' smallest). */
    private volatile int maxRunning;
    /** The administrator's limit, which wins over the configuration's until cleared; 0 for none. */
    private volatile int adminMaxRunning;
    private volatile boolean enabled;
    private final Duration healthCheckInterval;
    private volatile CircuitBreaker breaker;
    private int running;
    private volatile HealthStatus health = HealthStatus.healthy("not probed yet");

    /** @param breaker the cluster's circuit breaker, or null when its groups configure none */
    ClusterState(CapacityConfig.ClusterSettings settings, Engine engine, CircuitBreaker breaker) {
        this.name = settings.name();
        this.engine = requireNonNull(engine, "engine is null");
        this.engineType = engine.type();
        this.maxRunning = settings.maxRunningQueries();
        this.enabled = settings.enabled();
        this.healthCheckInterval = settings.healthCheckInterval();
        this.breaker = breaker;
    }

    /**
     * Takes new settings from a reconfiguration: the limit and the breaker (null for none). The
     * enabled flag is the administrator's and stays as it is. Under the manager's lock.
     */
    void reconfigure(int newMaxRunning, CircuitBreaker newBreaker) {
        if (newMaxRunning < 1) {
            throw new IllegalArgumentException("maxRunning must be positive");
        }
        this.maxRunning = newMaxRunning;
        this.breaker = newBreaker;
    }

    /** Enables or disables the cluster (the admin API). Under the manager's lock. */
    void enabled(boolean value) {
        this.enabled = value;
    }

    String name() {
        return name;
    }

    Engine engine() {
        return engine;
    }

    EngineType engineType() {
        return engineType;
    }

    int maxRunning() {
        int admin = adminMaxRunning;
        return admin > 0 ? admin : maxRunning;
    }

    /** Sets the administrator's limit (0 clears it). Under the manager's lock. */
    void adminMaxRunning(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxRunning must not be negative");
        }
        this.adminMaxRunning = value;
    }

    int running() {
        return running;
    }

    boolean enabled() {
        return enabled;
    }

    Duration healthCheckInterval() {
        return healthCheckInterval;
    }

    /** The breaker, or null when no group of this cluster configures one. */
    CircuitBreaker breaker() {
        return breaker;
    }

    CircuitState circuitState() {
        CircuitBreaker current = breaker;
        return current == null ? CircuitState.CLOSED : current.state();
    }

    HealthStatus health() {
        return health;
    }

    void health(HealthStatus status) {
        this.health = requireNonNull(status, "status is null");
    }

    /** Enabled, healthy and with a closed circuit: it may take queries. */
    boolean eligible() {
        CircuitBreaker current = breaker;
        return enabled && health.healthy() && (current == null || current.allowsQueries());
    }

    boolean hasFreeSlot() {
        return running < maxRunning();
    }

    void take() {
        if (running >= maxRunning()) {
            throw new IllegalStateException("cluster " + name + " has no free slot");
        }
        running++;
    }

    void release() {
        if (running <= 0) {
            throw new IllegalStateException("cluster " + name + " released more slots than it gave");
        }
        running--;
    }

    /** Why this cluster is not eligible, for error messages. */
    String unavailableReason() {
        if (!enabled) {
            return "disabled";
        }
        if (!health.healthy()) {
            return "unhealthy: " + health.detail();
        }
        CircuitBreaker current = breaker;
        if (current != null && !current.allowsQueries()) {
            return "circuit " + current.state().name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return "available";
    }
}
