package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.error.SwitchboardException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Asks routers in order; the first that routes wins, a denial ends the query, and when all pass
 * the fallback group takes it. Every answer and its cost goes into the trace. Immutable: the
 * admin API swaps in a whole new chain.
 */
public final class RouterChain {
    public static final String FALLBACK = "routingFallback";

    private final List<Router> routers;
    private final String fallbackGroup;
    private final DecisionListener listener;

    public RouterChain(List<Router> routers, Optional<String> fallbackGroup) {
        this(routers, fallbackGroup, DecisionListener.NONE);
    }

    /** A chain that tells {@code listener} every decision it makes (decisions per router and group). */
    public RouterChain(List<Router> routers, Optional<String> fallbackGroup, DecisionListener listener) {
        this.routers = List.copyOf(requireNonNull(routers, "routers is null"));
        this.fallbackGroup = requireNonNull(fallbackGroup, "fallbackGroup is null").orElse(null);
        this.listener = requireNonNull(listener, "listener is null");
    }

    /**
     * Told of each decision: the router that routed or denied ({@value #FALLBACK} when the
     * fallback group took the query) and the group (null for a denial). Runs on the query's
     * thread, so it must be cheap; it must not throw.
     */
    @FunctionalInterface
    public interface DecisionListener {
        DecisionListener NONE = (router, action, group) -> { };

        void decided(String router, RouteAnswer.Action action, String group);
    }

    public List<Router> routers() {
        return routers;
    }

    public Optional<String> fallbackGroup() {
        return Optional.ofNullable(fallbackGroup);
    }

    public RoutingTrace route(QueryContext context) {
        List<RoutingTrace.Step> steps = new ArrayList<>(routers.size());
        for (Router router : routers) {
            long start = System.nanoTime();
            RouteAnswer answer;
            try {
                answer = requireNonNull(router.route(context), "router answered null");
            } catch (RuntimeException e) {
                // A broken router must not take the query down; it is recorded and passed over.
                answer = RouteAnswer.pass("router failed: " + e.getMessage());
            }
            long micros = (System.nanoTime() - start) / 1_000;
            steps.add(new RoutingTrace.Step(router.name(), answer, micros));
            switch (answer.action()) {
                case ROUTE -> {
                    listener.decided(router.name(), RouteAnswer.Action.ROUTE, answer.group());
                    return new RoutingTrace(steps, answer.group(), router.name(), null, null);
                }
                case DENY -> {
                    listener.decided(router.name(), RouteAnswer.Action.DENY, null);
                    throw new SwitchboardException(ErrorCode.QUERY_DENIED,
                            "Query denied by router " + router.name() + ": " + answer.reason());
                }
                case PASS -> { }
            }
        }
        if (fallbackGroup == null) {
            throw new SwitchboardException(ErrorCode.NO_ROUTE,
                    "No router chose a cluster group for this query and no routingFallback is configured");
        }
        listener.decided(FALLBACK, RouteAnswer.Action.ROUTE, fallbackGroup);
        return new RoutingTrace(steps, fallbackGroup, FALLBACK, null, null);
    }
}
