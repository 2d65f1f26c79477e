package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.analysis.QueryAnalysis;
import java.util.List;

/**
 * What would happen to a query, without running it: its analysis, the guards' verdicts, the
 * route and placement, the SQL that would be sent, and the engine's own plan.
 */
public record QueryPlan(
        QueryAnalysis analysis,
        List<GuardVerdict> verdicts,
        RoutingTrace trace,
        String engineType,
        TranslationResult translation,
        String enginePlan) {

    public QueryPlan {
        requireNonNull(analysis, "analysis is null");
        verdicts = List.copyOf(requireNonNull(verdicts, "verdicts is null"));
        requireNonNull(trace, "trace is null");
        requireNonNull(engineType, "engineType is null");
        requireNonNull(translation, "translation is null");
        requireNonNull(enginePlan, "enginePlan is null");
    }
}
