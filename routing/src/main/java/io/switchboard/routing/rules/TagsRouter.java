package io.switchboard.routing.rules;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.RouteAnswer;
import io.switchboard.core.pipeline.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code type: tags}: rules over the query's tags (client tags and the {@code query_tags} session
 * setting, see {@link QueryTags}), in order. A rule matches when each of its tags is present
 * and, where the rule gives a value, has that value; a rule tag without a value ({@code batch:})
 * accepts any.
 */
final class TagsRouter implements Router {
    private static final RouteAnswer NO_TAGS = RouteAnswer.pass("the query has no tags");
    private static final RouteAnswer NO_MATCH = RouteAnswer.pass("no rule matched the query's tags");

    private final String name;
    private final List<Rule> rules;

    private record Rule(Map<String, String> tags, RouteAnswer answer) {}

    private TagsRouter(String name, List<Rule> rules) {
        this.name = name;
        this.rules = List.copyOf(rules);
    }

    static TagsRouter parse(String name, ConfigNode node, KnownGroups groups) {
        List<ConfigNode> ruleNodes = node.list("rules");
        node.rejectUnknownKeys();
        if (ruleNodes.isEmpty()) {
            throw node.error("a tags router needs 'rules'");
        }
        List<Rule> rules = new ArrayList<>();
        for (ConfigNode rule : ruleNodes) {
            Map<String, String> tags = Conditions.tagRule(rule, "tags");
            String group = groups.require(rule, "targetGroup");
            rule.rejectUnknownKeys();
            rules.add(new Rule(tags, RouteAnswer.to(group, 1.0, Conditions.describeTags(tags))));
        }
        return new TagsRouter(name, rules);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public RouteAnswer route(QueryContext context) {
        Map<String, String> tags = QueryTags.of(context.session());
        if (tags.isEmpty()) {
            return NO_TAGS;
        }
        for (Rule rule : rules) {
            if (Conditions.tagsMatch(rule.tags(), tags)) {
                return rule.answer();
            }
        }
        return NO_MATCH;
    }
}
