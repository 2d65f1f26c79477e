package io.switchboard.routing.rules;

import io.switchboard.core.pipeline.QueryContext;

/** One predicate of a {@code compound} rule. Implementations are immutable and cheap. */
interface RouteCondition {
    boolean matches(QueryContext context);

    /** How the condition reads in a routing trace ({@code user = alice}). */
    String describe();
}
