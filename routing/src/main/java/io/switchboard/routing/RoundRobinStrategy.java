package io.switchboard.routing;

import java.util.List;

/** Rotates through the members that have a free slot. */
final class RoundRobinStrategy implements SelectionStrategy {
    private long next;

    @Override
    public ClusterState select(List<ClusterState> free, List<ClusterState> eligible) {
        return free.get((int) Math.floorMod(next++, (long) free.size()));
    }

    @Override
    public String name() {
        return "roundRobin";
    }
}
