package io.switchboard.routing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.core.error.ErrorCode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * The meters of capacity management: running and queued per group, running and limits per
 * cluster, health and circuit state per cluster, queue waits per group (a histogram), spillovers,
 * rejections and circuit transitions. Meters are created once; the hot path only increments.
 */
final class CapacityMetrics {
    private final MeterRegistry registry;
    private final Map<String, Timer> queueWait = new ConcurrentHashMap<>();
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    CapacityMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void registerCluster(ClusterState cluster, ToDoubleFunction<ClusterState> running) {
        Gauge.builder("switchboard.cluster.running", cluster, running)
                .description("Queries running on the cluster now")
                .tag("cluster", cluster.name())
                .register(registry);
        Gauge.builder("switchboard.cluster.max.running", cluster, ClusterState::maxRunning)
                .description("The cluster's limit of running queries")
                .tag("cluster", cluster.name())
                .register(registry);
        Gauge.builder("switchboard.cluster.healthy", cluster, c -> c.health().healthy() ? 1 : 0)
                .description("1 when the last health probe succeeded")
                .tag("cluster", cluster.name())
                .register(registry);
        Gauge.builder("switchboard.cluster.enabled", cluster, c -> c.enabled() ? 1 : 0)
                .description("1 while the cluster is enabled (configuration or the admin API)")
                .tag("cluster", cluster.name())
                .register(registry);
        Gauge.builder("switchboard.cluster.circuit.state", cluster, c -> c.circuitState().gaugeValue())
                .description("The cluster's circuit: 0 closed, 1 half-open, 2 open")
                .tag("cluster", cluster.name())
                .register(registry);
    }

    void registerGroup(GroupState group, ToDoubleFunction<GroupState> queued, ToDoubleFunction<GroupState> running) {
        Gauge.builder("switchboard.group.queued", group, queued)
                .description("Queries waiting for a slot in the group")
                .tag("group", group.name())
                .register(registry);
        Gauge.builder("switchboard.group.running", group, running)
                .description("Queries of the group running now")
                .tag("group", group.name())
                .register(registry);
        queueWait.put(group.name(), Timer.builder("switchboard.capacity.queue.wait")
                .description("Time from asking for a slot to getting one (zero when one was free)")
                .tag("group", group.name())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry));
    }

    /**
     * Drops the gauges of a group a reconfiguration removed (they would otherwise report it
     * forever); its queue-wait histogram stays, as counters do.
     */
    void removeGroup(String group) {
        for (String name : new String[] {"switchboard.group.queued", "switchboard.group.running"}) {
            Gauge gauge = registry.find(name).tag("group", group).gauge();
            if (gauge != null) {
                registry.remove(gauge);
            }
        }
    }

    void waited(String group, long nanos) {
        Timer timer = queueWait.get(group);
        if (timer != null) {
            timer.record(Duration.ofNanos(nanos));
        }
    }

    void spilled(String from, String to) {
        counter("switchboard.capacity.spilled", "Queries moved to the overflow group because their group was full",
                "from", from, "to", to).increment();
    }

    void rejected(String group, ErrorCode code) {
        counter("switchboard.capacity.rejected", "Queries that got no slot, by reason",
                "group", group, "reason", code.name().toLowerCase(Locale.ROOT)).increment();
    }

    void circuitChanged(String cluster, CircuitState to) {
        counter("switchboard.cluster.circuit.transitions", "Circuit breaker state changes",
                "cluster", cluster, "state", to.name().toLowerCase(Locale.ROOT)).increment();
    }

    private Counter counter(String name, String description, String key1, String value1, String key2, String value2) {
        return counters.computeIfAbsent(name + '\u0000' + value1 + '\u0000' + value2, k -> Counter.builder(name)
                .description(description)
                .tag(key1, value1)
                .tag(key2, value2)
                .register(registry));
    }
}
