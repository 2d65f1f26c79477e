package io.switchboard.routing;

import io.switchboard.core.engine.HealthStatus;
import io.switchboard.core.error.ErrorCode;
import io.switchboard.core.pipeline.GroupStatus;
import io.switchboard.core.session.QueryId;

/**
 * Told what capacity management does, for live views and audits. Admission events arrive under
 * the manager's lock, in the exact order they happened, so a listener must be quick and must not
 * acquire capacity itself. {@code queryId} is null when the caller gave no query context.
 */
public interface CapacityListener {

    /** The query found no free slot and joined the group's queue. */
    default void queued(String group, QueryId queryId) {}

    /**
     * The query got a slot on {@code cluster}. For a query that waited ({@code fromQueue}) this is
     * when the slot is handed to it, so these events come in the queue's order.
     */
    default void admitted(String group, String cluster, QueryId queryId, boolean fromQueue) {}

    /** The group had no slot and the query moved on to {@code toGroup}; {@code from} is the group as it was. */
    default void spilled(GroupStatus from, String toGroup, QueryId queryId) {}

    /** The query got no slot: {@code QUEUE_FULL}, {@code QUEUE_TIMEOUT}, {@code CLUSTER_UNAVAILABLE} or {@code QUERY_CANCELED}. */
    default void rejected(String group, ErrorCode code, QueryId queryId) {}

    /** A cluster's circuit changed state. Not under the lock. */
    default void circuitChanged(String cluster, CircuitState from, CircuitState to) {}

    /** A reconfiguration made this cluster a member of a group for the first time. Not under the lock. */
    default void clusterAdded(String cluster) {}

    /** A health probe changed a cluster's health. Not under the lock. */
    default void healthChanged(String cluster, HealthStatus status) {}
}
