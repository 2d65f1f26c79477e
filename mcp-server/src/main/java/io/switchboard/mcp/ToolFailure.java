package io.switchboard.mcp;

import static java.util.Objects.requireNonNull;

/**
 * A tool error that has no {@link io.switchboard.core.error.ErrorCode}: conditions of the MCP
 * frontend itself, such as a result that expired before {@code fetch_rows} asked for it.
 */
final class ToolFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The result a cursor pointed at is no longer kept. */
    static final String RESULT_EXPIRED = "RESULT_EXPIRED";

    private final String code;

    ToolFailure(String code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    String code() {
        return code;
    }
}
