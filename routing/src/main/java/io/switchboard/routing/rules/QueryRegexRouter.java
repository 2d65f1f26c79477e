package io.switchboard.routing.rules;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.Router;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: queryRegex}: rules matched against the SQL text in order; the first match routes
 * to its {@code targetGroup}, or with {@code action: deny} refuses the query with its
 * {@code error} message.
 */
final class QueryRegexRouter implements Router {
    private static final RouteAnswer NO_MATCH = RouteAnswer.pass("no pattern matched");
    static final String DEFAULT_DENIAL = "Query denied by routing rule";

    private final String name;
    private final List<Rule> rules;

    private record Rule(RulePattern pattern, RouteAnswer answer) {}

    private QueryRegexRouter(String name, List<Rule> rules) {
        this.name = name;
        this.rules = List.copyOf(rules);
    }

    static QueryRegexRouter parse(String name, ConfigNode node, KnownGroups groups) {
        List<Rule> rules = new ArrayList<>();
        List<ConfigNode> ruleNodes = node.list("rules");
        node.rejectUnknownKeys();
        if (ruleNodes.isEmpty()) {
            throw node.error("a queryRegex router needs 'rules'");
        }
        for (int i = 0; i < ruleNodes.size(); i++) {
            ConfigNode rule = ruleNodes.get(i);
            RulePattern pattern = Regexes.compile(rule, "regex");
            String action = rule.string("action", "route");
            RouteAnswer answer = switch (action) {
                case "route" -> {
                    if (!rule.has("targetGroup")) {
                        throw rule.error("a route rule needs 'targetGroup' (or write action: deny)");
                    }
                    if (rule.has("error")) {
                        throw rule.valueError("error", "only a deny rule has an error message");
                    }
                    yield RouteAnswer.to(groups.require(rule, "targetGroup"), 1.0, "rule " + i + " /" + pattern.pattern().pattern() + "/ matched");
                }
                case "deny" -> {
                    if (rule.has("targetGroup")) {
                        throw rule.valueError("targetGroup", "a deny rule routes nowhere; remove targetGroup");
                    }
                    String message = rule.optionalString("error").filter(s -> !s.isBlank()).orElse(DEFAULT_DENIAL);
                    yield RouteAnswer.deny(message);
                }
                default -> throw rule.valueError("action", "must be 'route' or 'deny' but is '" + action + "'");
            };
            rule.rejectUnknownKeys();
            rules.add(new Rule(pattern, answer));
        }
        return new QueryRegexRouter(name, rules);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RouteAnswer route(QueryContext context) {
        String sql = context.sql();
        for (Rule rule : rules) {
            if (rule.pattern().find(sql)) {
                return rule.answer();
            }
        }
        return NO_MATCH;
    }
}
