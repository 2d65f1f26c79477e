package io.switchboard.server.admin;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.core.config.ClusterGroupConfig;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.QueryPipeline;
import io.switchboard.guardrails.config.GuardrailsConfig;
import io.switchboard.routing.CapacityConfig;
import io.switchboard.routing.ClusterGroupManager;
import io.switchboard.routing.rules.RuleRouters;
import io.switchboard.translation.TranslationConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of the configuration the admin API may replace while Switchboard runs — cluster
 * groups, routers and the fallback group — and the one place that replaces them. A replacement is
 * validated exactly as the file is at start (the same parsers, the same messages naming the key)
 * and then applied: the capacity manager swaps its groups under its lock, the pipeline swaps its
 * router chain in one reference, so a query sees the old configuration or the new one. Changes
 * live in memory only; a restart reads the file again.
 *
 * <p>Replacements are serialised. A chain that was replaced is closed a little later, once calls
 * already inside it (a pythonScript router, at most its {@code timeoutMs}) have returned.
 */
public final class RuntimeConfiguration implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RuntimeConfiguration.class);
    /** Longer than any router call may take (pythonScript's timeoutMs is at most seconds). */
    static final Duration RETIRED_CHAIN_GRACE = Duration.ofSeconds(30);

    private final QueryPipeline pipeline;
    private final ClusterGroupManager capacity;
    private final MeterRegistry registry;
    private final ScheduledExecutorService retirement;
    private final List<RuleRouters> retired = new ArrayList<>();
    private volatile SwitchboardConfig config;
    private volatile RuleRouters routers;
    private boolean closed;

    public RuntimeConfiguration(SwitchboardConfig config, RuleRouters routers, QueryPipeline pipeline, ClusterGroupManager capacity,
            MeterRegistry registry) {
        this.config = requireNonNull(config, "config is null");
        this.routers = requireNonNull(routers, "routers is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.capacity = requireNonNull(capacity, "capacity is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.retirement = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("router-chain-retirement").factory());
    }

    /** The configuration in effect now: the file's, with the replacements made since start. */
    public SwitchboardConfig config() {
        return config;
    }

    /** The rule routers in effect now. */
    public RuleRouters routers() {
        return routers;
    }

    public ClusterGroupManager capacity() {
        return capacity;
    }

    /**
     * Replaces {@code clusterGroups:}. The current routers are checked against the new groups
     * (a router naming a group that would disappear is an error) and rebuilt, because some of them
     * resolve groups when they are built.
     *
     * @param document a document holding {@code clusterGroups:} and nothing else
     * @param who the administrator, for the log
     */
    public synchronized Change replaceClusterGroups(ConfigNode document, String who) {
        ensureOpen();
        ConfigNode groupsNode = document.child("clusterGroups");
        if (!groupsNode.isPresent()) {
            throw document.error("missing required key 'clusterGroups'");
        }
        document.rejectUnknownKeys();
        SwitchboardConfig before = config;
        SwitchboardConfig after = before.withClusterGroups(groupsNode);
        if (after.clusterGroups().isEmpty()) {
            throw groupsNode.error("at least one cluster group is required");
        }
        CapacityConfig capacityConfig = CapacityConfig.parse(after.clusters(), after.clusterGroups());
        validateSectionsNamingGroups(after);
        RuleRouters rebuilt = RuleRouters.create(after.routers(), after.routingFallbackGroup(), after.clusterGroups(), after.clusters(),
                registry);
        try {
            capacity.reconfigure(capacityConfig);
        } catch (RuntimeException e) {
            rebuilt.close();
            throw e;
        }
        swapRouters(rebuilt);
        config = after;
        String summary = describeGroupChange(before.clusterGroups(), after.clusterGroups());
        changed("clusterGroups");
        log.info("Admin '{}' replaced clusterGroups at run time (in memory only): {}", who, summary);
        return new Change("clusterGroups", summary);
    }

    /**
     * Replaces {@code routers:} and {@code routingFallback}; a document without
     * {@code routingFallback} leaves no fallback, as a file without it would.
     *
     * @param document a document holding {@code routers:} and optionally {@code routingFallback}
     */
    public synchronized Change replaceRouters(ConfigNode document, String who) {
        ensureOpen();
        if (!document.has("routers")) {
            throw document.error("missing required key 'routers'");
        }
        List<ConfigNode> routerNodes = document.list("routers");
        String fallback = document.optionalString("routingFallback").filter(s -> !s.isBlank()).orElse(null);
        document.rejectUnknownKeys();
        SwitchboardConfig before = config;
        SwitchboardConfig after = before.withRouters(routerNodes, fallback, document);
        RuleRouters rebuilt = RuleRouters.create(after, registry);
        swapRouters(rebuilt);
        config = after;
        List<String> names = rebuilt.definitions().stream().map(d -> d.name() + " (" + d.type() + ")").toList();
        String summary = names.size() + " router(s) " + names + ", routingFallback " + (fallback == null ? "none" : fallback)
                + "; before: " + before.routers().size() + " router(s), routingFallback "
                + before.routingFallbackGroup().orElse("none");
        changed("routers");
        log.info("Admin '{}' replaced routers at run time (in memory only): {}", who, summary);
        return new Change("routers", summary);
    }

    /** Enables or disables a cluster; false when no group has it as a member. */
    public synchronized boolean setClusterEnabled(String cluster, boolean enabled, String who) {
        ensureOpen();
        boolean known = capacity.setEnabled(cluster, enabled);
        if (known) {
            changed(enabled ? "clusterEnabled" : "clusterDisabled");
            log.info("Admin '{}' {} cluster {} at run time (in memory only)", who, enabled ? "enabled" : "disabled", cluster);
        }
        return known;
    }

    /**
     * Sets a cluster's running-query limit at run time (QueryFlux's
     * {@code PATCH /admin/clusters/{group}/{cluster}}); it holds across later group replacements.
     *
     * @return false when no group has the cluster as a member
     */
    public synchronized boolean setClusterMaxRunning(String cluster, int maxRunning, String who) {
        ensureOpen();
        boolean known = capacity.setMaxRunning(cluster, maxRunning);
        if (known) {
            changed("clusterMaxRunningQueries");
            log.info("Admin '{}' set maxRunningQueries of cluster {} to {} at run time (in memory only)", who, cluster, maxRunning);
        }
        return known;
    }

    /** What a replacement changed, for the response and the log. */
    public record Change(String section, String summary) {}

    /** Sections owned by other modules name groups too: they must still resolve, as at start. */
    private static void validateSectionsNamingGroups(SwitchboardConfig candidate) {
        Set<String> groups = candidate.clusterGroups().keySet();
        TranslationConfig.parse(candidate.translation(), groups);
        GuardrailsConfig.parse(candidate.guardrails(), groups);
    }

    private void swapRouters(RuleRouters rebuilt) {
        RuleRouters old = routers;
        pipeline.replaceRouterChain(rebuilt.chain());
        routers = rebuilt;
        retired.add(old);
        retirement.schedule(() -> closeRetired(old), RETIRED_CHAIN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void closeRetired(RuleRouters old) {
        if (retired.remove(old)) {
            old.close();
        }
    }

    private void changed(String section) {
        Counter.builder("switchboard.config.changes")
                .description("Run-time configuration changes made through the admin API, by section")
                .tag("section", section)
                .register(registry)
                .increment();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Switchboard is stopping");
        }
    }

    private static String describeGroupChange(Map<String, ClusterGroupConfig> before, Map<String, ClusterGroupConfig> after) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String name : after.keySet()) {
            ClusterGroupConfig old = before.get(name);
            if (old == null) {
                added.add(name);
            } else if (!Objects.equals(old.options().toPlainValue(), after.get(name).options().toPlainValue())) {
                changed.add(name);
            }
        }
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                removed.add(name);
            }
        }
        return "groups " + after.keySet() + "; added " + added + ", removed " + removed + ", changed " + changed;
    }

    /** Closes the routers in use and those waiting to be retired. */
    @Override
    public synchronized void close() {
        closed = true;
        retirement.shutdownNow();
        for (RuleRouters old : retired) {
            old.close();
        }
        retired.clear();
        routers.close();
    }
}
