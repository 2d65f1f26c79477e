package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ClusterGroupConfig;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.engine.EngineType;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Routing's reading of {@code clusters:} and {@code clusterGroups:}: the keys capacity management
 * owns (a cluster's {@code healthCheckIntervalSecs}, a group's {@code strategy} and
 * {@code circuitBreaker}), resolved per cluster. Parse it before the engine factories validate
 * their clusters, so that the routing keys are known to them.
 *
 * @param clusters every cluster that is a member of some group, in configuration order
 * @param groups every group, in configuration order
 */
public record CapacityConfig(Map<String, ClusterSettings> clusters, Map<String, GroupSettings> groups) {
    public static final Duration DEFAULT_HEALTH_CHECK_INTERVAL = Duration.ofSeconds(15);

    /**
     * One cluster as capacity management sees it.
     *
     * @param maxRunningQueries its own limit, or else the smallest of its groups' limits
     * @param circuitBreaker the breaker settings from its groups, or null for no breaker
     */
    public record ClusterSettings(
            String name,
            EngineType engine,
            boolean enabled,
            int maxRunningQueries,
            Duration healthCheckInterval,
            CircuitBreakerConfig circuitBreaker) {
        public ClusterSettings {
            requireNonNull(name, "name is null");
            requireNonNull(engine, "engine is null");
            requireNonNull(healthCheckInterval, "healthCheckInterval is null");
            if (maxRunningQueries < 1) {
                throw new IllegalArgumentException("maxRunningQueries must be positive");
            }
        }
    }

    /** One group: its core settings, its strategy and its breaker block (null when absent). */
    public record GroupSettings(ClusterGroupConfig config, StrategyConfig strategy, CircuitBreakerConfig circuitBreaker) {
        public GroupSettings {
            requireNonNull(config, "config is null");
            requireNonNull(strategy, "strategy is null");
        }

        public String name() {
            return config.name();
        }
    }

    public CapacityConfig {
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(clusters, "clusters is null")));
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(groups, "groups is null")));
    }

    /**
     * Reads the routing keys and validates them, with the key and line of the first problem. A
     * cluster shared by groups whose {@code circuitBreaker} blocks differ is an error: the breaker
     * belongs to the cluster, so its settings must be one.
     */
    public static CapacityConfig parse(Map<String, ClusterConfig> clusterConfigs, Map<String, ClusterGroupConfig> groupConfigs) {
        requireNonNull(clusterConfigs, "clusterConfigs is null");
        requireNonNull(groupConfigs, "groupConfigs is null");
        Map<String, GroupSettings> groups = new LinkedHashMap<>();
        for (ClusterGroupConfig group : groupConfigs.values()) {
            ConfigNode options = group.options();
            StrategyConfig strategy = StrategyConfig.parse(group.strategy(), group.members());
            CircuitBreakerConfig breaker = options.has("circuitBreaker") ? CircuitBreakerConfig.parse(options.child("circuitBreaker")) : null;
            options.rejectUnknownKeys();
            groups.put(group.name(), new GroupSettings(group, strategy, breaker));
        }

        Map<String, ClusterSettings> clusters = new LinkedHashMap<>();
        Map<String, Duration> healthIntervals = new LinkedHashMap<>();
        for (ClusterConfig cluster : clusterConfigs.values()) {
            long seconds = cluster.options().longValue("healthCheckIntervalSecs", DEFAULT_HEALTH_CHECK_INTERVAL.toSeconds(), 1, 86_400);
            healthIntervals.put(cluster.name(), Duration.ofSeconds(seconds));
        }
        for (GroupSettings group : groups.values()) {
            for (String member : group.config().members()) {
                if (clusters.containsKey(member)) {
                    continue;
                }
                ClusterConfig own = clusterConfigs.get(member);
                if (own == null) {
                    throw new SwitchboardException(ErrorCode.INVALID_CONFIGURATION,
                            "cluster group '" + group.name() + "' lists unknown cluster '" + member + "'");
                }
                int limit = own.maxRunningQueries() != null ? own.maxRunningQueries() : groupLimit(member, groupConfigs.values());
                clusters.put(member, new ClusterSettings(member, own.engine(), own.enabled(), limit,
                        healthIntervals.get(member), breakerOf(member, groups.values())));
            }
        }
        return new CapacityConfig(clusters, groups);
    }

    /**
     * Without its own {@code maxRunningQueries} a cluster takes the smallest limit among the
     * groups that list it, so that no group can overload it.
     */
    private static int groupLimit(String cluster, Collection<ClusterGroupConfig> groups) {
        int limit = Integer.MAX_VALUE;
        for (ClusterGroupConfig group : groups) {
            if (group.members().contains(cluster)) {
                limit = Math.min(limit, group.maxRunningQueries());
            }
        }
        return limit;
    }

    private static CircuitBreakerConfig breakerOf(String cluster, Collection<GroupSettings> groups) {
        CircuitBreakerConfig found = null;
        String foundIn = null;
        for (GroupSettings group : groups) {
            if (group.circuitBreaker() == null || !group.config().members().contains(cluster)) {
                continue;
            }
            if (found != null && !found.equals(group.circuitBreaker())) {
                throw group.config().options().valueError("circuitBreaker", "cluster '" + cluster + "' is also a member of group '"
                        + foundIn + "', whose circuitBreaker differs; a cluster has one breaker, so give both groups the same settings");
            }
            found = group.circuitBreaker();
            foundIn = group.name();
        }
        return found;
    }
}
