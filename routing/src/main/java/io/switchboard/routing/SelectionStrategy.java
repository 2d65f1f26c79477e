package io.switchboard.routing;

import io.switchboard.core.config.ConfigNode;
import java.util.List;
import java.util.Map;

/**
 * Picks one cluster among the group's eligible members that have a free slot. Called under the
 * manager's lock, so implementations may keep simple state (a round-robin position).
 */
interface SelectionStrategy {
    enum Type {
        ROUND_ROBIN,
        LEAST_LOADED,
        FAILOVER
    }

    /** {@code candidates} is never empty and keeps the group's member order. */
    ClusterState select(List<ClusterState> candidates);

    String name();

    static SelectionStrategy parse(ConfigNode node) {
        Type type = node.enumValue("type",
                Map.of("roundRobin", Type.ROUND_ROBIN, "leastLoaded", Type.LEAST_LOADED, "failover", Type.FAILOVER),
                Type.ROUND_ROBIN);
        node.rejectUnknownKeys();
        return switch (type) {
            case ROUND_ROBIN -> new RoundRobin();
            case LEAST_LOADED -> new SelectionStrategy() {
                @Override
                public ClusterState select(List<ClusterState> candidates) {
                    ClusterState best = candidates.get(0);
                    for (ClusterState candidate : candidates) {
                        if (freeRatio(candidate) > freeRatio(best)) {
                            best = candidate;
                        }
                    }
                    return best;
                }

                @Override
                public String name() {
                    return "leastLoaded";
                }
            };
            case FAILOVER -> new SelectionStrategy() {
                @Override
                public ClusterState select(List<ClusterState> candidates) {
                    return candidates.get(0);
                }

                @Override
                public String name() {
                    return "failover";
                }
            };
        };
    }

    private static double freeRatio(ClusterState cluster) {
        return (cluster.maxRunning() - cluster.running()) / (double) cluster.maxRunning();
    }

    /** Rotates through the members; skips those without a free slot. */
    final class RoundRobin implements SelectionStrategy {
        private long next;

        @Override
        public ClusterState select(List<ClusterState> candidates) {
            return candidates.get((int) (next++ % candidates.size()));
        }

        @Override
        public String name() {
            return "roundRobin";
        }
    }
}
