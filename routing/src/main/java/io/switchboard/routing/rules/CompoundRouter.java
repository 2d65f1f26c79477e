package io.switchboard.routing.rules;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code type: compound}: routes to {@code targetGroup} when its {@code conditions} hold, all of
 * them ({@code combine: all}, the default) or at least one ({@code combine: any}). The conditions
 * are those of the other rule routers, see {@link Conditions}.
 */
final class CompoundRouter implements Router {
    private final String name;
    private final boolean all;
    private final List<RouteCondition> conditions;
    private final RouteAnswer matched;
    private final RouteAnswer notMatched;

    private CompoundRouter(String name, boolean all, List<RouteCondition> conditions, String group) {
        this.name = name;
        this.all = all;
        this.conditions = List.copyOf(conditions);
        String described = conditions.stream().map(RouteCondition::describe).collect(Collectors.joining(all ? " and " : " or "));
        this.matched = RouteAnswer.to(group, 1.0, described);
        this.notMatched = RouteAnswer.pass("not " + (all ? "all" : "any") + " of: " + described);
    }

    static CompoundRouter parse(String name, ConfigNode node, KnownGroups groups) {
        String combine = node.string("combine", "all");
        List<ConfigNode> conditionNodes = node.list("conditions");
        String group = groups.require(node, "targetGroup");
        node.rejectUnknownKeys();
        if (!combine.equals("all") && !combine.equals("any")) {
            throw node.valueError("combine", "must be 'all' or 'any' but is '" + combine + "'");
        }
        List<RouteCondition> conditions = new ArrayList<>();
        for (ConfigNode condition : conditionNodes) {
            conditions.add(Conditions.parse(condition));
        }
        if (conditions.isEmpty()) {
            throw node.error("a compound router needs at least one condition");
        }
        return new CompoundRouter(name, combine.equals("all"), conditions, group);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RouteAnswer route(QueryContext context) {
        for (RouteCondition condition : conditions) {
            boolean holds = condition.matches(context);
            if (all && !holds) {
                return notMatched;
            }
            if (!all && holds) {
                return matched;
            }
        }
        return all ? matched : notMatched;
    }
}
