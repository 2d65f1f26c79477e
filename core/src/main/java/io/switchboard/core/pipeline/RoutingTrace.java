package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Why a query went where it went: every router's answer with its cost, the group chosen and by
 * whom, then the cluster capacity management placed it on and why.
 *
 * @param decidedBy the router that chose the group, or {@code routingFallback}
 * @param cluster the cluster chosen within the group, or null before placement
 * @param placement how the cluster was chosen (strategy, queue wait, spillover), or empty
 */
public record RoutingTrace(List<Step> steps, String group, String decidedBy, String cluster, String placement) {

    /** One router's answer and what it cost. */
    public record Step(String router, RouteAnswer answer, long micros) {
        public Step {
            requireNonNull(router, "router is null");
            requireNonNull(answer, "answer is null");
        }
    }

    public RoutingTrace {
        steps = List.copyOf(requireNonNull(steps, "steps is null"));
        requireNonNull(group, "group is null");
        requireNonNull(decidedBy, "decidedBy is null");
        placement = placement == null ? "" : placement;
    }

    public RoutingTrace placedOn(String clusterName, String placementReason) {
        return new RoutingTrace(steps, group, decidedBy, clusterName, placementReason);
    }

    /** Placement moved the query to another group (spillover). */
    public RoutingTrace spilledTo(String newGroup, String clusterName, String placementReason) {
        return new RoutingTrace(steps, newGroup, decidedBy, clusterName, placementReason);
    }

    /** A one-line summary for logs and notices. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append("group ").append(group).append(" by ").append(decidedBy);
        if (cluster != null) {
            text.append(", cluster ").append(cluster);
        }
        if (!placement.isEmpty()) {
            text.append(" (").append(placement).append(')');
        }
        return text.toString();
    }
}
