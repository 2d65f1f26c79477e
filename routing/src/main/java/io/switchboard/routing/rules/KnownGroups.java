package io.switchboard.routing.rules;

import io.switchboard.core.config.ConfigNode;
import java.util.List;

/**
 * The cluster groups a rule may name. A rule that names a group nobody defined is a
 * configuration error with its line, not a query that fails at run time.
 */
record KnownGroups(List<String> names) {
    KnownGroups {
        names = List.copyOf(names);
    }

    /** Reads a required group name under {@code key} and checks that the group exists. */
    String require(ConfigNode node, String key) {
        return check(node, key, node.string(key));
    }

    /** Checks a group name found under {@code key} of {@code node}. */
    String check(ConfigNode node, String key, String group) {
        if (!names.contains(group)) {
            throw node.valueError(key, "unknown cluster group '" + group + "'; defined groups are " + names);
        }
        return group;
    }
}
