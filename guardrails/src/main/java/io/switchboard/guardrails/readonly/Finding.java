package io.switchboard.guardrails.readonly;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.error.ErrorCode;

/**
 * Why the ReadOnly guard refuses a text: {@link ErrorCode#READ_ONLY_VIOLATION} for statements
 * that write, lock, change the session or reach outside the database, and
 * {@link ErrorCode#QUERY_DENIED} for text that cannot be judged safely (look-alike characters,
 * ambiguous comments, unparsable text when parsing is required).
 */
public record Finding(ErrorCode code, String message) {
    public Finding {
        requireNonNull(code, "code is null");
        requireNonNull(message, "message is null");
    }

    static Finding write(String message) {
        return new Finding(ErrorCode.READ_ONLY_VIOLATION, message);
    }

    static Finding unclear(String message) {
        return new Finding(ErrorCode.QUERY_DENIED, message);
    }
}
