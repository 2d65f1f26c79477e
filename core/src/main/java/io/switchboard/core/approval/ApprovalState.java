package io.switchboard.core.approval;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a held query stands. A hold starts {@link #PENDING} and moves forward exactly once, to
 * one of the other states; nothing moves it back.
 */
public enum ApprovalState {
    /** Waiting for a person. */
    PENDING,
    /** A person approved it: it runs once (when its client waits, or when its owner asks for it). */
    APPROVED,
    /** A person refused it: it never runs. */
    REJECTED,
    /** Nobody decided before the deadline: it never runs. */
    EXPIRED,
    /** The waiting client went away (canceled, disconnected, the server restarted): it never runs. */
    ABANDONED;

    public boolean isDecided() {
        return this != PENDING;
    }

    /** The lower-case name used in the REST API and the configuration. */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ApprovalState> fromApiName(String name) {
        for (ApprovalState state : values()) {
            if (state.apiName().equalsIgnoreCase(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
