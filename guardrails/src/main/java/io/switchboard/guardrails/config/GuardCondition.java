package io.switchboard.guardrails.config;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.session.FrontendProtocol;
import io.switchboard.core.session.Session;
import java.util.Set;

/**
 * Whom a guard applies to: a set of frontends, user names and user groups (from the user
 * directory), each empty for "any". A session matches when it matches every non-empty set.
 */
public record GuardCondition(Set<FrontendProtocol> frontends, Set<String> users, Set<String> userGroups) {
    public static final GuardCondition ANYONE = new GuardCondition(Set.of(), Set.of(), Set.of());

    public GuardCondition {
        frontends = Set.copyOf(requireNonNull(frontends, "frontends is null"));
        users = Set.copyOf(requireNonNull(users, "users is null"));
        userGroups = Set.copyOf(requireNonNull(userGroups, "userGroups is null"));
    }

    public boolean isAnyone() {
        return frontends.isEmpty() && users.isEmpty() && userGroups.isEmpty();
    }

    public boolean matches(Session session) {
        if (!frontends.isEmpty() && !frontends.contains(session.frontend())) {
            return false;
        }
        if (!users.isEmpty() && !users.contains(session.user())) {
            return false;
        }
        if (!userGroups.isEmpty() && session.groups().stream().noneMatch(userGroups::contains)) {
            return false;
        }
        return true;
    }
}
