package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.error.ErrorCode;
import java.util.Map;

/**
 * One guard's decision, recorded with the query whatever it was.
 *
 * @param message what the user should know or change; empty for a plain allow
 * @param code the error code of a denial (or of a hold, when it ends in an error), else null
 * @param rewrittenSql the new SQL of a rewrite, else null
 * @param details facts for the record and for later stages (an estimate, a classification)
 * @param attributes typed facts the pipeline attaches to the query after the verdict (not
 *     recorded: {@code details} is what the record keeps), e.g. {@link CostEstimate#ATTRIBUTE}
 */
public record GuardVerdict(
        String guard,
        VerdictAction action,
        String message,
        ErrorCode code,
        String rewrittenSql,
        Map<String, String> details,
        Map<AttributeKey<?>, Object> attributes) {

    public GuardVerdict {
        requireNonNull(guard, "guard is null");
        requireNonNull(action, "action is null");
        message = message == null ? "" : message;
        details = Map.copyOf(requireNonNull(details, "details is null"));
        attributes = Map.copyOf(requireNonNull(attributes, "attributes is null"));
        for (Map.Entry<AttributeKey<?>, Object> attribute : attributes.entrySet()) {
            attribute.getKey().cast(attribute.getValue());
        }
        if (action == VerdictAction.DENY && code == null) {
            throw new IllegalArgumentException("a denial needs an error code");
        }
        if (action == VerdictAction.REWRITE && rewrittenSql == null) {
            throw new IllegalArgumentException("a rewrite needs the new SQL");
        }
    }

    /** A verdict that attaches nothing to the query. */
    public GuardVerdict(String guard, VerdictAction action, String message, ErrorCode code, String rewrittenSql,
            Map<String, String> details) {
        this(guard, action, message, code, rewrittenSql, details, Map.of());
    }

    public static GuardVerdict allow(String guard) {
        return new GuardVerdict(guard, VerdictAction.ALLOW, "", null, null, Map.of());
    }

    public static GuardVerdict warn(String guard, String message) {
        return new GuardVerdict(guard, VerdictAction.WARN, message, null, null, Map.of());
    }

    public static GuardVerdict rewrite(String guard, String sql, String message) {
        return new GuardVerdict(guard, VerdictAction.REWRITE, message, null, sql, Map.of());
    }

    public static GuardVerdict deny(String guard, ErrorCode code, String message) {
        return new GuardVerdict(guard, VerdictAction.DENY, message, code, null, Map.of());
    }

    public GuardVerdict withDetails(Map<String, String> newDetails) {
        return new GuardVerdict(guard, action, message, code, rewrittenSql, newDetails, attributes);
    }

    /** A fact this verdict attaches to the query, e.g. the {@link CostEstimate} of the cost guard. */
    public <T> java.util.Optional<T> attribute(AttributeKey<T> key) {
        return java.util.Optional.ofNullable(attributes.get(key)).map(key::cast);
    }

    /** The verdict that also attaches {@code value} to the query under {@code key}. */
    public <T> GuardVerdict withAttribute(AttributeKey<T> key, T value) {
        java.util.HashMap<AttributeKey<?>, Object> copy = new java.util.HashMap<>(attributes);
        copy.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
        return new GuardVerdict(guard, action, message, code, rewrittenSql, details, copy);
    }
}
