package io.switchboard.routing;

import io.switchboard.core.engine.EngineType;
import java.util.ArrayList;
import java.util.List;

/**
 * For groups that mix engines: members of the first preferred engine type take the query (the
 * least loaded of them), then those of the next type, and members of types not in the list last.
 */
final class EngineAffinityStrategy implements SelectionStrategy {
    private final List<EngineType> preference;

    EngineAffinityStrategy(List<EngineType> preference) {
        this.preference = List.copyOf(preference);
    }

    @Override
    public ClusterState select(List<ClusterState> free, List<ClusterState> eligible) {
        for (EngineType type : preference) {
            List<ClusterState> ofType = new ArrayList<>(free.size());
            for (ClusterState candidate : free) {
                if (candidate.engineType() == type) {
                    ofType.add(candidate);
                }
            }
            if (!ofType.isEmpty()) {
                return LeastLoadedStrategy.leastLoaded(ofType);
            }
        }
        return LeastLoadedStrategy.leastLoaded(free);
    }

    @Override
    public String name() {
        return "engineAffinity";
    }
}
