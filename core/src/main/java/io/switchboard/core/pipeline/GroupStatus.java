package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One cluster group's live state.
 *
 * @param queued queries waiting for a slot now
 * @param overflowGroup where the group spills when full, or null
 */
public record GroupStatus(String name, boolean enabled, List<ClusterStatus> clusters, int queued, int maxQueued, String overflowGroup) {
    public GroupStatus {
        requireNonNull(name, "name is null");
        clusters = List.copyOf(requireNonNull(clusters, "clusters is null"));
    }
}
