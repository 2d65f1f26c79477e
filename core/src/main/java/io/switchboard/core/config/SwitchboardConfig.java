package io.switchboard.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration, in QueryFlux's vocabulary: a {@code switchboard:} (or
 * {@code queryflux:}) block for the process itself, and top-level {@code clusters},
 * {@code clusterGroups}, {@code routers}, {@code routingFallback} and {@code auth}.
 *
 * <p>Sections owned by other modules (router definitions, engine-specific cluster keys,
 * frontend options, the feedback store's options) are kept as {@link ConfigNode}s; each module
 * reads and validates its own, so an unknown key anywhere is reported with its line.
 *
 * @param bindAddress the default listen address of every listener; 127.0.0.1 unless configured
 * @param dataDirectory where DuckDB files and other local state live
 * @param routingFallback the group used when no router answers, or null when none is set
 * @param translation the {@code translation:} section, read by the translation module (absent: an
 *     empty node)
 * @param guardrails the {@code guardrails:} section, read by the guardrails module (absent: an
 *     empty node)
 */
public record SwitchboardConfig(
        String bindAddress,
        Path dataDirectory,
        FrontendsConfig frontends,
        AdminApiConfig adminApi,
        PersistenceConfig persistence,
        Map<String, ClusterConfig> clusters,
        Map<String, ClusterGroupConfig> clusterGroups,
        List<ConfigNode> routers,
        String routingFallback,
        AuthConfig auth,
        ConfigNode translation,
        ConfigNode guardrails) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final String DEFAULT_DATA_DIRECTORY = "data";

    public SwitchboardConfig {
        requireNonNull(bindAddress, "bindAddress is null");
        requireNonNull(dataDirectory, "dataDirectory is null");
        requireNonNull(frontends, "frontends is null");
        requireNonNull(adminApi, "adminApi is null");
        requireNonNull(persistence, "persistence is null");
        // Configuration order is kept: listings show groups and clusters as the file has them.
        clusters = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(clusters, "clusters is null")));
        clusterGroups = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(clusterGroups, "clusterGroups is null")));
        routers = List.copyOf(requireNonNull(routers, "routers is null"));
        requireNonNull(auth, "auth is null");
        requireNonNull(translation, "translation is null");
        requireNonNull(guardrails, "guardrails is null");
    }

    public Optional<String> routingFallbackGroup() {
        return Optional.ofNullable(routingFallback);
    }

    /** Reads the root node of a configuration file. Throws with the key and line of the first problem. */
    public static SwitchboardConfig parse(ConfigNode root) {
        if (root.has("switchboard") && root.has("queryflux")) {
            throw root.error("use either a 'switchboard:' or a 'queryflux:' block, not both");
        }
        ConfigNode main = root.child(root.has("queryflux") ? "queryflux" : "switchboard");
        root.child(root.has("queryflux") ? "switchboard" : "queryflux");

        String bindAddress = main.string("bindAddress", DEFAULT_BIND_ADDRESS);
        Path dataDirectory = Path.of(main.string("dataDirectory", DEFAULT_DATA_DIRECTORY));
        FrontendsConfig frontends = FrontendsConfig.parse(main.child("frontends"), bindAddress);
        AdminApiConfig adminApi = AdminApiConfig.parse(main.child("adminApi"), bindAddress);
        PersistenceConfig persistence = PersistenceConfig.parse(main.child("persistence"));
        main.rejectUnknownKeys();

        Map<String, ClusterConfig> clusters = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> entry : root.child("clusters").children().entrySet()) {
            clusters.put(entry.getKey(), ClusterConfig.parse(entry.getKey(), entry.getValue()));
        }
        Map<String, ClusterGroupConfig> groups = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> entry : root.child("clusterGroups").children().entrySet()) {
            groups.put(entry.getKey(), parseGroup(entry.getKey(), entry.getValue(), clusters));
        }
        List<ConfigNode> routers = root.list("routers");
        String routingFallback = root.optionalString("routingFallback").filter(s -> !s.isBlank()).orElse(null);
        AuthConfig auth = root.has("auth") ? AuthConfig.parse(root.child("auth")) : AuthConfig.NONE;
        ConfigNode translation = root.child("translation");
        ConfigNode guardrails = root.child("guardrails");
        root.rejectUnknownKeys();

        validateReferences(root, clusters, groups, routingFallback);
        return new SwitchboardConfig(bindAddress, dataDirectory, frontends, adminApi, persistence, clusters, groups, routers,
                routingFallback, auth, translation, guardrails);
    }

    /**
     * This configuration with its {@code clusterGroups:} replaced, validated as when a file loads
     * (members, overflow groups, {@code routingFallback}). Clusters cannot be defined at run time,
     * so a group's inline {@code clusters:} form is refused here.
     *
     * @param clusterGroups the new {@code clusterGroups:} mapping
     */
    public SwitchboardConfig withClusterGroups(ConfigNode clusterGroups) {
        requireNonNull(clusterGroups, "clusterGroups is null");
        Map<String, ClusterConfig> knownClusters = new LinkedHashMap<>(clusters);
        Map<String, ClusterGroupConfig> groups = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigNode> entry : clusterGroups.children().entrySet()) {
            if (entry.getValue().has("clusters")) {
                throw entry.getValue().valueError("clusters", "clusters cannot be defined while Switchboard runs; "
                        + "list clusters of the configuration file under 'members'");
            }
            groups.put(entry.getKey(), parseGroup(entry.getKey(), entry.getValue(), knownClusters));
        }
        validateReferences(ConfigNode.empty(""), knownClusters, groups, routingFallback);
        return new SwitchboardConfig(bindAddress, dataDirectory, frontends, adminApi, persistence, clusters, groups, routers,
                routingFallback, auth, translation, guardrails);
    }

    /**
     * This configuration with its {@code routers:} and {@code routingFallback} replaced. Only the
     * fallback group is checked here; the routing module validates each router.
     *
     * @param routingFallback the new fallback group, or null for none
     */
    public SwitchboardConfig withRouters(List<ConfigNode> routers, String routingFallback, ConfigNode where) {
        requireNonNull(routers, "routers is null");
        requireNonNull(where, "where is null");
        validateReferences(where, clusters, clusterGroups, routingFallback);
        return new SwitchboardConfig(bindAddress, dataDirectory, frontends, adminApi, persistence, clusters, clusterGroups, routers,
                routingFallback, auth, translation, guardrails);
    }

    private static ClusterGroupConfig parseGroup(String name, ConfigNode node, Map<String, ClusterConfig> clusters) {
        List<String> members;
        if (node.has("clusters")) {
            // QueryFlux's older inline form: the group names its engine and lists its clusters.
            String engine = node.string("engine");
            members = new ArrayList<>();
            for (ConfigNode inline : node.list("clusters")) {
                String clusterName = inline.string("name");
                if (clusters.containsKey(clusterName)) {
                    throw inline.valueError("name", "cluster '" + clusterName + "' is defined twice");
                }
                ClusterConfig cluster = ClusterConfig.parse(clusterName, inline, engine);
                clusters.put(clusterName, cluster);
                members.add(clusterName);
            }
            if (node.has("members")) {
                throw node.valueError("members", "a group lists either 'members' or inline 'clusters', not both");
            }
        } else {
            members = node.stringList("members");
        }
        if (members.isEmpty()) {
            throw node.error("cluster group '" + name + "' has no members");
        }
        return ClusterGroupConfig.parse(name, node, members);
    }

    private static void validateReferences(
            ConfigNode root, Map<String, ClusterConfig> clusters, Map<String, ClusterGroupConfig> groups, String fallback) {
        for (ClusterGroupConfig group : groups.values()) {
            for (String member : group.members()) {
                if (!clusters.containsKey(member)) {
                    throw group.options().valueError("members",
                            "cluster group '" + group.name() + "' lists unknown cluster '" + member + "'; defined clusters are "
                                    + clusters.keySet());
                }
            }
            if (group.overflowGroup() != null && !groups.containsKey(group.overflowGroup())) {
                throw group.options().valueError("overflowGroup", "unknown overflow group '" + group.overflowGroup() + "'");
            }
            if (group.name().equals(group.overflowGroup())) {
                throw group.options().valueError("overflowGroup", "a group cannot overflow into itself");
            }
        }
        if (fallback != null && !groups.containsKey(fallback)) {
            throw root.valueError("routingFallback", "unknown cluster group '" + fallback + "'; defined groups are " + groups.keySet());
        }
    }
}
