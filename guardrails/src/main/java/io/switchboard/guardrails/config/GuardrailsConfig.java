package io.switchboard.guardrails.config;

import io.switchboard.core.config.ConfigNode;
import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.session.FrontendProtocol;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the top-level {@code guardrails:} section into a {@link GuardrailsProvider}:
 *
 * <pre>
 * guardrails:
 *   global:                  # before routing, for every query the entry applies to
 *     - type: readOnly
 *       when: {frontends: [mcp]}
 *   frontends:               # shorthand: global entries for one frontend
 *     mcp: [{type: rowLimit, maxRows: 1000}]
 *   users:                   # shorthand: global entries for one user
 *     analyst: [...]
 *   groups:                  # after routing, for queries routed to the group
 *     analytics: [{kind: built_in, name: read_only}]
 * </pre>
 *
 * Every key is validated; unknown keys and unknown names are errors with their line.
 */
public final class GuardrailsConfig {
    private GuardrailsConfig() {}

    public static GuardrailsProvider parse(ConfigNode node, Set<String> clusterGroups) {
        List<GuardEntry> global = new ArrayList<>();
        for (ConfigNode entry : node.list("global")) {
            global.add(entry(entry, null, null));
        }
        ConfigNode frontends = node.child("frontends");
        for (String name : frontends.keys()) {
            FrontendProtocol frontend = frontend(frontends, name, name);
            for (ConfigNode entry : frontends.list(name)) {
                global.add(entry(entry, frontend, null));
            }
        }
        frontends.rejectUnknownKeys();
        ConfigNode users = node.child("users");
        for (String user : users.keys()) {
            for (ConfigNode entry : users.list(user)) {
                global.add(entry(entry, null, user));
            }
        }
        users.rejectUnknownKeys();
        Map<String, List<GuardEntry>> groups = new LinkedHashMap<>();
        ConfigNode groupsNode = node.child("groups");
        for (String group : groupsNode.keys()) {
            if (!clusterGroups.contains(group)) {
                throw groupsNode.valueError(group, "unknown cluster group '" + group + "'; defined groups are " + clusterGroups);
            }
            List<GuardEntry> entries = new ArrayList<>();
            for (ConfigNode entry : groupsNode.list(group)) {
                entries.add(entry(entry, null, null));
            }
            groups.put(group, entries);
        }
        groupsNode.rejectUnknownKeys();
        node.rejectUnknownKeys();
        return new GuardrailsProvider(global, groups);
    }

    private static GuardEntry entry(ConfigNode node, FrontendProtocol frontend, String user) {
        if (node.has("type") && node.has("kind")) {
            throw node.error("a guard is written either as 'type: ...' or as QueryFlux's 'kind: built_in, name: ...', not both");
        }
        GuardOptions options;
        String type;
        if (node.has("kind")) {
            String kind = node.string("kind");
            if (!kind.equals("built_in")) {
                throw node.valueError("kind", "only built_in guards exist; got '" + kind + "'");
            }
            options = new GuardOptions(node, true);
            type = node.string("name");
        } else if (node.has("type")) {
            options = new GuardOptions(node, false);
            type = node.string("type");
        } else {
            throw node.error("each guard needs 'type' (readOnly, rowLimit, costEstimate, piiMask) or QueryFlux's 'kind: built_in' and 'name'");
        }
        GuardCondition when = condition(options, "when");
        GuardCondition unless = condition(options, "unless");
        if (frontend != null) {
            if (!when.frontends().isEmpty()) {
                throw node.valueError("when", "an entry under frontends." + frontend.configName() + " cannot name frontends again");
            }
            when = new GuardCondition(Set.of(frontend), when.users(), when.userGroups());
        }
        if (user != null) {
            if (!when.users().isEmpty()) {
                throw node.valueError("when", "an entry under users." + user + " cannot name users again");
            }
            when = new GuardCondition(when.frontends(), Set.of(user), when.userGroups());
        }
        Guard guard = GuardFactory.create(type, options);
        node.rejectUnknownKeys();
        return new GuardEntry(guard, when, unless);
    }

    private static GuardCondition condition(GuardOptions options, String key) {
        ConfigNode node = options.node().child(key);
        if (!node.isPresent()) {
            return GuardCondition.ANYONE;
        }
        Set<FrontendProtocol> frontends = new HashSet<>();
        for (String name : node.stringList("frontends")) {
            frontends.add(frontend(node, "frontends", name));
        }
        Set<String> users = Set.copyOf(node.stringList("users"));
        Set<String> groups = Set.copyOf(node.stringList(options.key("userGroups")));
        node.rejectUnknownKeys();
        GuardCondition condition = new GuardCondition(frontends, users, groups);
        if (condition.isAnyone()) {
            throw options.node().valueError(key, "'" + key + "' names no frontends, users or " + options.key("userGroups"));
        }
        return condition;
    }

    /** {@code mcp}, {@code postgresWire} or QueryFlux-style {@code postgres_wire}. */
    private static FrontendProtocol frontend(ConfigNode node, String key, String name) {
        String compact = name.replace("_", "").toLowerCase(Locale.ROOT);
        for (FrontendProtocol protocol : FrontendProtocol.values()) {
            if (protocol.configName().toLowerCase(Locale.ROOT).equals(compact)) {
                return protocol;
            }
        }
        List<String> known = new ArrayList<>();
        for (FrontendProtocol protocol : FrontendProtocol.values()) {
            known.add(protocol.configName());
        }
        throw node.valueError(key, "unknown frontend '" + name + "'; known frontends are " + known);
    }
}
