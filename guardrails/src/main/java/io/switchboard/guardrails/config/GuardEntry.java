package io.switchboard.guardrails.config;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.pipeline.Guard;
import io.switchboard.core.session.Session;

/**
 * One configured guard with the sessions it applies to: those matching {@code when} and not
 * matching {@code unless} (an {@code unless} of {@link GuardCondition#ANYONE} excludes nobody).
 */
public record GuardEntry(Guard guard, GuardCondition when, GuardCondition unless) {
    public GuardEntry {
        requireNonNull(guard, "guard is null");
        requireNonNull(when, "when is null");
        requireNonNull(unless, "unless is null");
    }

    public boolean appliesTo(Session session) {
        return when.matches(session) && (unless.isAnyone() || !unless.matches(session));
    }
}
