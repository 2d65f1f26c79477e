package io.switchboard.core.error;

import static io.switchboard.core.error.ErrorCategory.INSUFFICIENT_RESOURCES;
import static io.switchboard.core.error.ErrorCategory.INTERNAL_ERROR;
import static io.switchboard.core.error.ErrorCategory.USER_ERROR;

/**
 * Stable, machine-readable error codes. Names never change once released: clients (and models
 * calling MCP tools) branch on them. Each frontend maps a code once to its protocol's form.
 */
public enum ErrorCode {
    // client mistakes
    SYNTAX_ERROR(USER_ERROR),
    TABLE_NOT_FOUND(USER_ERROR),
    COLUMN_NOT_FOUND(USER_ERROR),
    SCHEMA_NOT_FOUND(USER_ERROR),
    INVALID_ARGUMENT(USER_ERROR),
    TYPE_MISMATCH(USER_ERROR),
    DIVISION_BY_ZERO(USER_ERROR),
    CONSTRAINT_VIOLATION(USER_ERROR),
    NOT_SUPPORTED(USER_ERROR),
    AUTHENTICATION_FAILED(USER_ERROR),
    PERMISSION_DENIED(USER_ERROR),
    QUERY_DENIED(USER_ERROR),
    READ_ONLY_VIOLATION(USER_ERROR),
    COST_LIMIT_EXCEEDED(USER_ERROR),
    APPROVAL_PENDING(USER_ERROR),
    APPROVAL_REJECTED(USER_ERROR),
    APPROVAL_EXPIRED(USER_ERROR),
    QUERY_CANCELED(USER_ERROR),
    QUERY_NOT_FOUND(USER_ERROR),
    PROTOCOL_VIOLATION(USER_ERROR),
    INVALID_CONFIGURATION(USER_ERROR),
    TRANSLATION_FAILED(USER_ERROR),

    // engine trouble
    ENGINE_ERROR(ErrorCategory.ENGINE_ERROR),
    ENGINE_UNAVAILABLE(ErrorCategory.ENGINE_ERROR),
    CLUSTER_UNAVAILABLE(ErrorCategory.ENGINE_ERROR),

    // limits
    QUERY_TIMEOUT(INSUFFICIENT_RESOURCES),
    QUEUE_FULL(INSUFFICIENT_RESOURCES),
    QUEUE_TIMEOUT(INSUFFICIENT_RESOURCES),
    MESSAGE_TOO_LARGE(INSUFFICIENT_RESOURCES),
    RESULT_TOO_LARGE(INSUFFICIENT_RESOURCES),
    TOO_MANY_CONNECTIONS(INSUFFICIENT_RESOURCES),

    // ours
    NO_ROUTE(INTERNAL_ERROR),
    INTERNAL(INTERNAL_ERROR);

    private final ErrorCategory category;

    ErrorCode(ErrorCategory category) {
        this.category = category;
    }

    public ErrorCategory category() {
        return category;
    }

    /** True for failures caused by the engine side rather than by what the client sent. */
    public boolean isEngineSide() {
        return category == ErrorCategory.ENGINE_ERROR;
    }

    /**
     * True for failures a circuit breaker counts against the cluster that ran the query: the
     * engine-side ones and timeouts (a cluster that stops answering in time is as unavailable as
     * one that refuses connections).
     */
    public boolean countsAgainstCluster() {
        return isEngineSide() || this == QUERY_TIMEOUT;
    }
}
