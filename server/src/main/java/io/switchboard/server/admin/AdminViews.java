package io.switchboard.server.admin;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ClusterGroupConfig;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.pipeline.RouterChain;
import io.switchboard.routing.CircuitBreakerConfig;
import io.switchboard.routing.ClusterGroupManager;
import io.switchboard.routing.GroupSnapshot;
import io.switchboard.routing.StrategyConfig;
import io.switchboard.routing.rules.PythonScriptRouter;
import io.switchboard.routing.rules.RuleRouters;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The JSON views of the admin API: clusters, groups and routers with their live state, as plain
 * maps and lists for Jackson. Field names follow the configuration's vocabulary
 * ({@code maxRunningQueries}, {@code overflowGroup}) so that what a listing shows is what a file
 * or a PUT would say. Nothing here reveals a credential: endpoints lose their user information
 * and secret-looking parameters, and engine-specific keys are not shown.
 */
final class AdminViews {
    /** Query or option parameters of an endpoint whose values are never shown. */
    private static final Pattern SECRET_PARAMETER = Pattern.compile("(?i).*(password|passwd|pwd|secret|token|key|credential).*");

    private AdminViews() {}

    static List<Map<String, Object>> clusters(RuntimeConfiguration runtime) {
        SwitchboardConfig config = runtime.config();
        Map<String, ClusterGroupManager.ClusterSnapshot> live = new LinkedHashMap<>();
        for (ClusterGroupManager.ClusterSnapshot snapshot : runtime.capacity().snapshot()) {
            live.put(snapshot.name(), snapshot);
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (ClusterConfig cluster : config.clusters().values()) {
            result.add(cluster(cluster, live.get(cluster.name())));
        }
        return result;
    }

    static Optional<Map<String, Object>> cluster(RuntimeConfiguration runtime, String name) {
        return clusters(runtime).stream().filter(c -> name.equals(c.get("name"))).findFirst();
    }

    /** @param snapshot the live state, or null for a cluster no group has as a member */
    private static Map<String, Object> cluster(ClusterConfig cluster, ClusterGroupManager.ClusterSnapshot snapshot) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", cluster.name());
        view.put("engine", cluster.engine().configName());
        view.put("endpoint", cluster.endpointValue().map(AdminViews::redactEndpoint).orElse(null));
        if (snapshot == null) {
            view.put("enabled", cluster.enabled());
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("healthy", false);
            health.put("detail", "not a member of any group: not probed");
            health.put("checkedAt", null);
            view.put("health", health);
            view.put("circuit", "closed");
            view.put("running", 0);
            view.put("queued", 0);
            view.put("maxRunningQueries", cluster.maxRunningQueries());
            view.put("groups", List.of());
            view.put("eligible", false);
            view.put("unavailableReason", "not a member of any group");
            return view;
        }
        view.put("enabled", snapshot.enabled());
        view.put("health", health(snapshot.health()));
        view.put("circuit", snapshot.circuit().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        view.put("running", snapshot.running());
        // A waiting query has no cluster yet: queues belong to groups (see the groups' "queued").
        view.put("queued", 0);
        view.put("maxRunningQueries", snapshot.maxRunning());
        view.put("groups", snapshot.groups());
        view.put("eligible", snapshot.eligible());
        view.put("unavailableReason", snapshot.unavailableReason());
        view.put("circuitWindow", Map.of("outcomes", snapshot.windowOutcomes(), "failures", snapshot.windowFailures()));
        return view;
    }

    private static Map<String, Object> health(HealthStatus health) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("healthy", health.healthy());
        view.put("detail", health.detail());
        view.put("checkedAt", health.checkedAt() == null ? null : health.checkedAt().toString());
        return view;
    }

    static List<Map<String, Object>> groups(RuntimeConfiguration runtime) {
        Map<String, ClusterGroupConfig> configs = runtime.config().clusterGroups();
        List<Map<String, Object>> result = new ArrayList<>();
        for (GroupSnapshot group : runtime.capacity().groupSnapshots()) {
            result.add(group(group, configs.get(group.name())));
        }
        return result;
    }

    static Optional<Map<String, Object>> group(RuntimeConfiguration runtime, String name) {
        return groups(runtime).stream().filter(g -> name.equals(g.get("name"))).findFirst();
    }

    private static Map<String, Object> group(GroupSnapshot group, ClusterGroupConfig config) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", group.name());
        view.put("enabled", group.enabled());
        view.put("members", group.members());
        view.put("strategy", strategy(group.strategy()));
        view.put("maxRunningQueries", group.maxRunningQueries());
        view.put("maxQueuedQueries", group.maxQueuedQueries());
        view.put("capacityWaitTimeoutSecs", group.capacityWaitTimeout().toSeconds());
        view.put("overflowGroup", group.overflowGroup());
        view.put("circuitBreaker", circuitBreaker(group.circuitBreaker()));
        view.put("running", group.running());
        view.put("queued", group.queued());
        view.put("eligibleMembers", group.eligibleMembers());
        // The group as configured, ready to be edited and sent back in a PUT.
        view.put("configuration", config == null ? null : config.options().toPlainValue());
        return view;
    }

    private static Map<String, Object> strategy(StrategyConfig strategy) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", strategy.type().configName());
        if (strategy.type() == StrategyConfig.Type.WEIGHTED) {
            view.put("weights", strategy.weights());
        }
        if (strategy.type() == StrategyConfig.Type.ENGINE_AFFINITY) {
            view.put("preference", strategy.preference().stream().map(e -> e.configName()).toList());
        }
        return view;
    }

    private static Map<String, Object> circuitBreaker(CircuitBreakerConfig breaker) {
        if (breaker == null) {
            return null;
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("windowSecs", breaker.window().toSeconds());
        view.put("minRequests", breaker.minRequests());
        view.put("failureRatePercent", breaker.failureRatePercent());
        view.put("timeoutRatePercent", breaker.timeoutRatePercent());
        view.put("initialBackoffSecs", breaker.initialBackoff().toSeconds());
        view.put("maxBackoffSecs", breaker.maxBackoff().toSeconds());
        return view;
    }

    static Map<String, Object> routers(RuntimeConfiguration runtime) {
        RuleRouters routers = runtime.routers();
        Map<String, Map<String, Long>> decisions = routers.decisionCounts();
        Map<String, PythonScriptRouter.ScriptStatus> scripts = new LinkedHashMap<>();
        for (PythonScriptRouter script : routers.scripts()) {
            scripts.put(script.name(), script.status());
        }
        List<Map<String, Object>> chain = new ArrayList<>();
        for (RuleRouters.Definition definition : routers.definitions()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("name", definition.name());
            view.put("type", definition.type());
            view.put("configuration", definition.configuration());
            view.put("decisions", decisions(decisions.get(definition.name())));
            PythonScriptRouter.ScriptStatus script = scripts.get(definition.name());
            if (script != null) {
                Map<String, Object> status = new LinkedHashMap<>();
                status.put("scriptFile", script.scriptFile());
                status.put("loadedAt", script.loadedAt() == null ? null : script.loadedAt().toString());
                status.put("calls", script.calls());
                status.put("lastError", script.lastError());
                status.put("lastErrorAt", script.lastErrorAt() == null ? null : script.lastErrorAt().toString());
                view.put("script", status);
            }
            chain.add(view);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("routers", chain);
        result.put("routingFallback", runtime.config().routingFallbackGroup().orElse(null));
        result.put("fallbackDecisions", decisions(decisions.get(RouterChain.FALLBACK)));
        return result;
    }

    private static Map<String, Object> decisions(Map<String, Long> byGroup) {
        Map<String, Long> counts = byGroup == null ? Map.of() : byGroup;
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("total", counts.values().stream().mapToLong(Long::longValue).sum());
        view.put("byGroup", counts);
        return view;
    }

    /**
     * An endpoint without credentials: {@code postgresql://app:secret@db:5432/x?password=y}
     * becomes {@code postgresql://db:5432/x?password=***}. Text that is not a URI loses anything
     * before an {@code @}.
     */
    static String redactEndpoint(String endpoint) {
        String text = endpoint.strip();
        String prefix = "";
        if (text.startsWith("jdbc:")) {
            prefix = "jdbc:";
            text = text.substring(prefix.length());
        }
        try {
            URI uri = new URI(text);
            if (uri.getRawAuthority() != null) {
                String query = uri.getRawQuery() == null ? null : redactParameters(uri.getRawQuery());
                String authority = uri.getRawAuthority();
                int at = authority.lastIndexOf('@');
                if (at >= 0) {
                    authority = authority.substring(at + 1);
                }
                StringBuilder result = new StringBuilder(prefix);
                if (uri.getScheme() != null) {
                    result.append(uri.getScheme()).append("://");
                }
                result.append(authority);
                if (uri.getRawPath() != null) {
                    result.append(uri.getRawPath());
                }
                if (query != null) {
                    result.append('?').append(query);
                }
                return result.toString();
            }
        } catch (URISyntaxException e) {
            // Not a URI: fall through to the plain rule below.
        }
        int at = text.lastIndexOf('@');
        String withoutUser = at >= 0 ? text.substring(at + 1) : text;
        int question = withoutUser.indexOf('?');
        return prefix + (question < 0 ? withoutUser : withoutUser.substring(0, question + 1)
                + redactParameters(withoutUser.substring(question + 1)));
    }

    private static String redactParameters(String query) {
        List<String> parts = new ArrayList<>();
        for (String parameter : query.split("[&;]")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            parts.add(equals >= 0 && SECRET_PARAMETER.matcher(name).matches() ? name + "=***" : parameter);
        }
        return String.join("&", parts);
    }
}
