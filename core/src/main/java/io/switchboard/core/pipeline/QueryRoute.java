package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.engine.Engine;

/**
 * Where a routed query is expected to run, attached ({@link #ATTRIBUTE}) for guards that
 * {@linkplain Guard#needsRoute() need the route}: the group, a member the query would likely be
 * placed on (no capacity slot is held for it) and the SQL translated for that member's engine.
 * Placement may still choose another member of the group.
 */
public record QueryRoute(String group, String cluster, Engine engine, String sql) {
    public static final AttributeKey<QueryRoute> ATTRIBUTE = AttributeKey.of("queryRoute", QueryRoute.class);

    public QueryRoute {
        requireNonNull(group, "group is null");
        requireNonNull(cluster, "cluster is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(sql, "sql is null");
    }
}
