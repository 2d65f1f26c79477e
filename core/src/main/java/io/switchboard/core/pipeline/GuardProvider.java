package io.switchboard.core.pipeline;

import java.util.List;

/**
 * Which guards apply to a query: global ones (which may depend on the frontend or the user) run
 * before routing, a group's own ones after routing has chosen the group.
 */
public interface GuardProvider {
    GuardProvider NONE = new GuardProvider() {};

    default List<Guard> globalGuards(QueryContext context) {
        return List.of();
    }

    default List<Guard> groupGuards(String group, QueryContext context) {
        return List.of();
    }
}
