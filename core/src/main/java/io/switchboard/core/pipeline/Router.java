package io.switchboard.core.pipeline;

/**
 * Chooses a cluster group for a query, or passes. Routers are asked in order; the first that
 * answers wins. A router must be cheap: its cost is recorded in the {@link RoutingTrace}.
 */
public interface Router {
    /** A name unique in the chain, shown in traces ({@code protocolBased#0}). */
    String name();

    RouteAnswer route(QueryContext context);
}
