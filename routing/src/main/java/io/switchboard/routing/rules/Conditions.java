package io.switchboard.routing.rules;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.session.FrontendProtocol;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The conditions a {@code compound} rule combines, in QueryFlux's vocabulary ({@code protocol},
 * {@code header}, {@code user}, {@code clientTag}, {@code queryRegex}) plus {@code group} (one of
 * the user's groups) and {@code tags} (query tags, as the {@code tags} router matches them).
 */
final class Conditions {
    private Conditions() {}

    static RouteCondition parse(ConfigNode node) {
        String type = node.string("type");
        RouteCondition condition = switch (type) {
            case "protocol" -> new Protocol(protocol(node, "protocol"));
            case "header" -> new Header(node.string("headerName"), node.string("headerValue"));
            case "user" -> new User(node.string("username"));
            case "group" -> new Group(node.string("group"));
            case "clientTag" -> new ClientTag(node.string("tag"));
            case "queryRegex" -> new QueryRegex(Regexes.compile(node, "regex"));
            case "tags" -> new Tags(tagRule(node, "tags"));
            default -> throw node.valueError("type", "unknown condition type '" + type
                    + "'; known types are protocol, header, user, group, clientTag, queryRegex, tags");
        };
        node.rejectUnknownKeys();
        return condition;
    }

    static FrontendProtocol protocol(ConfigNode node, String key) {
        String name = node.string(key);
        return FrontendProtocol.fromConfigName(name).filter(p -> p != FrontendProtocol.INTERNAL)
                .orElseThrow(() -> node.valueError(key, "unknown frontend '" + name + "'; known frontends are "
                        + Arrays.stream(FrontendProtocol.values()).filter(p -> p != FrontendProtocol.INTERNAL)
                                .map(FrontendProtocol::configName).collect(Collectors.joining(", "))));
    }

    /** A {@code tags:} mapping: each key must be present; a value, when given, must be equal. */
    static Map<String, String> tagRule(ConfigNode node, String key) {
        ConfigNode block = node.child(key);
        if (block.keys().isEmpty()) {
            throw node.error("'" + key + "' needs at least one tag");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : block.keys()) {
            tags.put(tag, block.optionalString(tag).orElse(null));
        }
        block.rejectUnknownKeys();
        return tags;
    }

    /** True when every tag of {@code rule} is present and, where the rule gives a value, equal. */
    static boolean tagsMatch(Map<String, String> rule, Map<String, String> tags) {
        for (Map.Entry<String, String> expected : rule.entrySet()) {
            if (!tags.containsKey(expected.getKey())) {
                return false;
            }
            if (expected.getValue() != null && !expected.getValue().equals(tags.get(expected.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static String describeTags(Map<String, String> rule) {
        return rule.entrySet().stream()
                .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(",", "tags ", ""));
    }

    record Protocol(FrontendProtocol protocol) implements RouteCondition {
        public boolean matches(QueryContext context) {
            return context.session().frontend() == protocol;
        }

        public String describe() {
            return "protocol = " + protocol.configName();
        }
    }

    record Header(String name, String value) implements RouteCondition {
        Header {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }

        public boolean matches(QueryContext context) {
            return value.equals(SessionFacts.property(context.session(), name));
        }

        public String describe() {
            return "header " + name + " = " + value;
        }
    }

    record User(String username) implements RouteCondition {
        public boolean matches(QueryContext context) {
            return context.session().user().equals(username);
        }

        public String describe() {
            return "user = " + username;
        }
    }

    record Group(String group) implements RouteCondition {
        public boolean matches(QueryContext context) {
            return context.session().groups().contains(group);
        }

        public String describe() {
            return "user in group " + group;
        }
    }

    /** A client tag (Trino style), or a query tag with that key. */
    record ClientTag(String tag) implements RouteCondition {
        public boolean matches(QueryContext context) {
            return context.session().clientTags().contains(tag) || QueryTags.of(context.session()).containsKey(tag);
        }

        public String describe() {
            return "client tag " + tag;
        }
    }

    record QueryRegex(RulePattern pattern) implements RouteCondition {
        public boolean matches(QueryContext context) {
            return pattern.find(context.sql());
        }

        public String describe() {
            return "query matches /" + pattern.pattern().pattern() + "/";
        }
    }

    /** @param rule tag key to required value; a null value means any value (the map keeps nulls, so no Map.copyOf) */
    record Tags(Map<String, String> rule) implements RouteCondition {
        Tags {
            rule = Collections.unmodifiableMap(new LinkedHashMap<>(rule));
        }

        public boolean matches(QueryContext context) {
            return tagsMatch(rule, QueryTags.of(context.session()));
        }

        public String describe() {
            return describeTags(rule);
        }
    }
}
