package io.switchboard.routing.rules;

import io.switchboard.core.config.ClusterConfig;
import io.switchboard.core.config.ClusterGroupConfig;
import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.Router;
import io.switchboard.core.session.QueryRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code type: engineHint} (Switchboard's own): honours the client's {@code engine} hint, which
 * MCP's tools take as {@code engine_hint}. The hint may name a group, a cluster (its first group
 * in file order) or an engine type such as {@code postgres} (the first group with a member of that
 * type), compared ignoring case, in that order of precedence. {@code allowedGroups} limits where a
 * hint may lead; a hint that leads nowhere passes, or with {@code strict: true} denies the query.
 *
 * <p>Opt-in on purpose: a client's wish should not override the operator's rules unless the
 * operator puts this router in the chain, and where.
 */
final class EngineHintRouter implements Router {
    private static final RouteAnswer NO_HINT = RouteAnswer.pass("no engine hint");

    private final String name;
    private final Map<String, RouteAnswer> byHint;
    private final boolean strict;
    private final String known;

    private EngineHintRouter(String name, Map<String, RouteAnswer> byHint, boolean strict, String known) {
        this.name = name;
        this.byHint = byHint;
        this.strict = strict;
        this.known = known;
    }

    static EngineHintRouter parse(String name, ConfigNode node, KnownGroups groups,
            Map<String, ClusterGroupConfig> groupConfigs, Map<String, ClusterConfig> clusters) {
        List<String> allowed = node.stringList("allowedGroups");
        for (String group : allowed) {
            groups.check(node, "allowedGroups", group);
        }
        boolean strict = node.bool("strict", false);
        node.rejectUnknownKeys();
        List<ClusterGroupConfig> candidates = new ArrayList<>();
        for (ClusterGroupConfig group : groupConfigs.values()) {
            if (allowed.isEmpty() || allowed.contains(group.name())) {
                candidates.add(group);
            }
        }
        // Lowest precedence first, so that a group's own name overwrites a cluster or engine of the same name.
        Map<String, RouteAnswer> byHint = new HashMap<>();
        for (ClusterGroupConfig group : candidates.reversed()) {
            for (String member : group.members()) {
                ClusterConfig cluster = clusters.get(member);
                if (cluster != null) {
                    String engine = cluster.engine().configName();
                    byHint.put(key(engine), RouteAnswer.to(group.name(), 1.0, "engine hint: engine " + engine + " in group " + group.name()));
                }
            }
        }
        for (ClusterGroupConfig group : candidates.reversed()) {
            for (String member : group.members()) {
                byHint.put(key(member), RouteAnswer.to(group.name(), 1.0, "engine hint: cluster " + member + " of group " + group.name()));
            }
        }
        for (ClusterGroupConfig group : candidates) {
            byHint.put(key(group.name()), RouteAnswer.to(group.name(), 1.0, "engine hint: group " + group.name()));
        }
        String known = candidates.stream().map(ClusterGroupConfig::name).toList().toString();
        return new EngineHintRouter(name, byHint, strict, known);
    }

    private static String key(String hint) {
        return hint.strip().toLowerCase(Locale.ROOT);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RouteAnswer route(QueryContext context) {
        String hint = context.request().hint(QueryRequest.HINT_ENGINE).orElse(null);
        if (hint == null || hint.isBlank()) {
            return NO_HINT;
        }
        RouteAnswer answer = byHint.get(key(hint));
        if (answer != null) {
            return answer;
        }
        String message = "engine hint '" + hint + "' names no group, cluster or engine type allowed here (groups " + known + ")";
        return strict ? RouteAnswer.deny(message) : RouteAnswer.pass(message);
    }
}
