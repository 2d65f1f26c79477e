package io.switchboard.routing;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.session.QueryId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;

/**
 * One cluster group's live state: its members, its strategy, its FIFO wait queue and how many of
 * its queries run now. Guarded by the {@link ClusterGroupManager}'s lock. A run-time
 * reconfiguration changes its settings and members in place, so that its queue and its count of
 * running queries carry over to the new configuration.
 */
final class GroupState {
    private CapacityConfig.GroupSettings settings;
    private List<ClusterState> members;
    private SelectionStrategy strategy;
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    private int running;

    GroupState(CapacityConfig.GroupSettings settings, List<ClusterState> members) {
        this.settings = requireNonNull(settings, "settings is null");
        this.members = List.copyOf(members);
        this.strategy = settings.strategy().create();
    }

    /**
     * Takes a group's new settings and members, keeping its queue and running count. The
     * strategy starts afresh only when its settings changed (a round robin keeps its turn).
     */
    void reconfigure(CapacityConfig.GroupSettings newSettings, List<ClusterState> newMembers) {
        requireNonNull(newSettings, "newSettings is null");
        if (!newSettings.strategy().equals(settings.strategy()) || !newMembers.equals(members)) {
            strategy = newSettings.strategy().create();
        }
        settings = newSettings;
        members = List.copyOf(newMembers);
    }

    String name() {
        return settings.name();
    }

    CapacityConfig.GroupSettings settings() {
        return settings;
    }

    boolean enabled() {
        return settings.config().enabled();
    }

    int maxQueued() {
        return settings.config().maxQueuedQueries();
    }

    String overflowGroup() {
        return settings.config().overflowGroup();
    }

    List<ClusterState> members() {
        return members;
    }

    SelectionStrategy strategy() {
        return strategy;
    }

    Deque<Waiter> waiters() {
        return waiters;
    }

    int running() {
        return running;
    }

    void started() {
        running++;
    }

    void finished() {
        running--;
    }

    List<ClusterState> eligibleMembers() {
        List<ClusterState> eligible = new ArrayList<>(members.size());
        for (ClusterState member : members) {
            if (member.eligible()) {
                eligible.add(member);
            }
        }
        return eligible;
    }

    /** A member chosen by the strategy among eligible ones with a free slot, or null. */
    ClusterState choose() {
        List<ClusterState> eligible = eligibleMembers();
        List<ClusterState> free = new ArrayList<>(eligible.size());
        for (ClusterState member : eligible) {
            if (member.hasFreeSlot()) {
                free.add(member);
            }
        }
        return free.isEmpty() ? null : strategy.select(free, eligible);
    }

    /** True when every eligible member runs at its limit. */
    boolean full() {
        for (ClusterState member : members) {
            if (member.eligible() && member.hasFreeSlot()) {
                return false;
            }
        }
        return true;
    }

    String runningSummary() {
        StringBuilder text = new StringBuilder();
        for (ClusterState member : members) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(member.name()).append(' ').append(member.running()).append('/').append(member.maxRunning());
        }
        return text.append(" running").toString();
    }

    String describeAvailability() {
        StringBuilder text = new StringBuilder();
        for (ClusterState member : members) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(member.name()).append(": ").append(member.unavailableReason());
        }
        return text.toString();
    }

    /** A query waiting in the queue for a slot; {@code granted} is set under the lock. */
    static final class Waiter {
        final Condition condition;
        final QueryId queryId;
        ClusterState granted;

        Waiter(Condition condition, QueryId queryId) {
            this.condition = condition;
            this.queryId = queryId;
        }
    }
}
