package io.switchboard.core.feedback;

/** How a query ended. */
public enum QueryOutcome {
    SUCCEEDED,
    FAILED,
    CANCELED,
    /** Refused by a guard or a router before it reached an engine. */
    DENIED
}
