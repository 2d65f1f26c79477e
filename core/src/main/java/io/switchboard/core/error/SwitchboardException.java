package io.switchboard.core.error;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The one exception type of Switchboard. It carries a stable {@link ErrorCode} and, when the
 * error came from an engine that reported one, the engine's own SQLSTATE so that the PostgreSQL
 * frontend can pass it through unchanged.
 */
public final class SwitchboardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String sqlState;

    public SwitchboardException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public SwitchboardException(ErrorCode code, String message, Throwable cause) {
        this(code, message, null, cause);
    }

    public SwitchboardException(ErrorCode code, String message, String sqlState, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
        this.sqlState = sqlState;
    }

    public ErrorCode code() {
        return code;
    }

    /** The SQLSTATE reported by the engine, when there was one. */
    public Optional<String> sqlState() {
        return Optional.ofNullable(sqlState);
    }

    /** Wraps any throwable, keeping a {@code SwitchboardException} as it is. */
    public static SwitchboardException wrap(Throwable t, ErrorCode fallback) {
        if (t instanceof SwitchboardException e) {
            return e;
        }
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new SwitchboardException(fallback, message, t);
    }

    @Override
    public String toString() {
        return "SwitchboardException[" + code + "]: " + getMessage();
    }
}
