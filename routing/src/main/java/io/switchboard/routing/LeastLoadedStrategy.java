package io.switchboard.routing;

import java.util.List;

/** The member with the largest share of free slots; ties go to the earlier member. */
final class LeastLoadedStrategy implements SelectionStrategy {

    @Override
    public ClusterState select(List<ClusterState> free, List<ClusterState> eligible) {
        return leastLoaded(free);
    }

    static ClusterState leastLoaded(List<ClusterState> candidates) {
        ClusterState best = candidates.get(0);
        for (ClusterState candidate : candidates) {
            if (freeShare(candidate) > freeShare(best)) {
                best = candidate;
            }
        }
        return best;
    }

    private static double freeShare(ClusterState cluster) {
        return (cluster.maxRunning() - cluster.running()) / (double) cluster.maxRunning();
    }

    @Override
    public String name() {
        return "leastLoaded";
    }
}
