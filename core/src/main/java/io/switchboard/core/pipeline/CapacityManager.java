package io.switchboard.core.pipeline;

/**
 * Places a query on a cluster of its group: a healthy member with a free slot, chosen by the
 * group's strategy. Without a free slot the query waits in the group's bounded queue or spills
 * to the overflow group; a full queue or a passed deadline is a resource error.
 */
public interface CapacityManager {
    /**
     * Blocks until a slot is free or the wait ends in an error. A caller that is interrupted
     * while waiting gets {@code QUERY_CANCELED} and holds no slot.
     */
    CapacityLease acquire(String group, QueryContext context);

    /**
     * A member of the group the query would likely be placed on (eligible, preferably with a free
     * slot), for work before admission such as a cost estimate. Takes no slot. Empty when the
     * group has no eligible member or the manager cannot tell.
     */
    default java.util.Optional<io.switchboard.core.engine.Engine> planningEngine(String group) {
        return java.util.Optional.empty();
    }

    /** Every group with its clusters' live state, in configuration order. */
    default java.util.List<GroupStatus> status() {
        return java.util.List.of();
    }
}
