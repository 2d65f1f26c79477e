package io.switchboard.core.pipeline;

import io.switchboard.core.result.ResultStream;

/**
 * A guardrail. Before execution it judges the query; during execution it may filter the result
 * as batches pass (masking, a row-limit backstop). Both methods default to doing nothing, so a
 * guard overrides only what it provides.
 *
 * <p>Guards fail closed: a guard that cannot decide (the SQL does not parse, a dependency is
 * down) denies rather than allows, unless its configuration says otherwise.
 */
public interface Guard {
    String name();

    /**
     * True for a guard that judges the query on the engine it will run on (a cost estimate): the
     * pipeline runs such a guard after routing, wherever it is configured, with the route attached
     * as {@link QueryRoute#ATTRIBUTE}, and before the query takes a capacity slot.
     */
    default boolean needsRoute() {
        return false;
    }

    default GuardVerdict evaluate(QueryContext context) {
        return GuardVerdict.allow(name());
    }

    default ResultStream filterResult(QueryContext context, ResultStream result) {
        return result;
    }
}
