package io.switchboard.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spreads queries in proportion to configured weights, for gradual migration ({@code old: 90,
 * new: 10}, then {@code 50/50}, then {@code 0/100}). Smooth weighted round robin: the sequence
 * is deterministic and every window of {@code sum(weights)} queries matches the weights exactly
 * while all members have room, instead of only on average as a random draw would.
 *
 * <p>A member at weight 0 takes no traffic while any member with a positive weight is eligible
 * (a full one included: the query then waits for it). It serves only as a standby when every
 * weighted member is down.
 */
final class WeightedStrategy implements SelectionStrategy {
    private final Map<String, Integer> weights;
    private final Map<String, Long> current = new HashMap<>();

    /** @param weights the weight of every member cluster, by name */
    WeightedStrategy(Map<String, Integer> weights) {
        this.weights = Map.copyOf(weights);
    }

    @Override
    public ClusterState select(List<ClusterState> free, List<ClusterState> eligible) {
        boolean weightedMemberUp = false;
        for (ClusterState member : eligible) {
            if (weight(member) > 0) {
                weightedMemberUp = true;
                break;
            }
        }
        if (!weightedMemberUp) {
            return free.get(0);
        }
        ClusterState best = null;
        long bestCurrent = Long.MIN_VALUE;
        long total = 0;
        for (ClusterState candidate : free) {
            int weight = weight(candidate);
            if (weight == 0) {
                continue;
            }
            long value = current.merge(candidate.name(), (long) weight, Long::sum);
            total += weight;
            if (best == null || value > bestCurrent) {
                best = candidate;
                bestCurrent = value;
            }
        }
        if (best != null) {
            current.merge(best.name(), -total, Long::sum);
        }
        return best;
    }

    private int weight(ClusterState cluster) {
        return weights.getOrDefault(cluster.name(), 0);
    }

    @Override
    public String name() {
        return "weighted";
    }
}
