package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.engine.Engine;
import io.switchboard.core.engine.HealthStatus;

/**
 * The live state of one cluster: its slots and its health. Mutated only under the
 * {@link ClusterGroupManager}'s lock, except {@link #health}, which the health monitor publishes.
 */
final class ClusterState {
    private final String name;
    private final Engine engine;
    private final int maxRunning;
    private final boolean enabled;
    private int running;
    private volatile HealthStatus health = HealthStatus.healthy("not probed yet");

    ClusterState(String name, Engine engine, int maxRunning, boolean enabled) {
        this.name = requireNonNull(name, "name is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.maxRunning = maxRunning;
        this.enabled = enabled;
    }

    String name() {
        return name;
    }

    Engine engine() {
        return engine;
    }

    int maxRunning() {
        return maxRunning;
    }

    int running() {
        return running;
    }

    boolean enabled() {
        return enabled;
    }

    HealthStatus health() {
        return health;
    }

    void health(HealthStatus status) {
        this.health = requireNonNull(status, "status is null");
    }

    boolean eligible() {
        return enabled && health.healthy();
    }

    boolean hasFreeSlot() {
        return running < maxRunning;
    }

    void take() {
        if (running >= maxRunning) {
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
}
