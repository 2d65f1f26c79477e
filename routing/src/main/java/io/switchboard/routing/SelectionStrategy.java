package io.switchboard.routing;

import java.util.List;

/**
 * Picks the cluster of a group that takes the next query. Called under the
 * {@link ClusterGroupManager}'s lock, so an implementation may keep simple state (a round-robin
 * position, weighted counters) without synchronizing.
 */
interface SelectionStrategy {

    /**
     * @param free eligible members (enabled, healthy, circuit closed) with a free slot, in member
     *     order; never empty
     * @param eligible every eligible member, full or not, in member order
     * @return one of {@code free}, or null when the strategy would rather wait for a member that
     *     is full now (a weighted member at weight 0 does not take traffic while others can)
     */
    ClusterState select(List<ClusterState> free, List<ClusterState> eligible);

    /** The strategy's configuration name, shown in placements ({@code roundRobin}). */
    String name();
}
