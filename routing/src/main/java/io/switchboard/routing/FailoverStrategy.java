package io.switchboard.routing;

import java.util.List;

/** Member order is priority: the first member with a free slot takes the query. */
final class FailoverStrategy implements SelectionStrategy {

    @Override
    public ClusterState select(List<ClusterState> free, List<ClusterState> eligible) {
        return free.get(0);
    }

    @Override
    public String name() {
        return "failover";
    }
}
