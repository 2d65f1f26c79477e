package io.switchboard.translation;

/**
 * sqlglot (or a transform script) could not do what was asked. The translator turns it into a
 * fallback or a {@code TRANSLATION_FAILED} error depending on the mode; it never reaches a client
 * as it is.
 */
public final class SqlglotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the call failed, so that callers can tell a slow script from a bad statement. */
    public enum Kind {
        /** sqlglot rejected the statement (syntax, unsupported construct) or a script raised. */
        REJECTED,
        /** The call ran past its time limit and was interrupted. */
        TIMED_OUT,
        /** sqlglot is not running: still warming up, failed to start, or closed. */
        UNAVAILABLE
    }

    private final Kind kind;

    public SqlglotException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public SqlglotException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
