package io.switchboard.core.pipeline;

/** What a guard decided about a query. */
public enum VerdictAction {
    ALLOW,
    /** Allowed, with a message the client should see. */
    WARN,
    /** Allowed after the guard changed the SQL; the new text is analyzed again. */
    REWRITE,
    /** Waits for a person to approve it. */
    HOLD,
    /** Refused, with a stable error code. Ends the walk. */
    DENY
}
