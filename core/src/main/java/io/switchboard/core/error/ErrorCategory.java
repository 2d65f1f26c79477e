package io.switchboard.core.error;

/**
 * The broad class of an error. Frontends map categories to their protocol when a code has no
 * more specific mapping; routers and the feedback store use them to tell a client's mistake
 * from an engine's trouble.
 */
public enum ErrorCategory {
    /** The client sent something wrong: bad SQL, a denied statement, a bad password. */
    USER_ERROR,
    /** The engine behind Switchboard failed or is unreachable. */
    ENGINE_ERROR,
    /** A limit was reached: queue full, wait deadline passed, result too large. */
    INSUFFICIENT_RESOURCES,
    /** A bug or an unexpected condition inside Switchboard. */
    INTERNAL_ERROR
}
