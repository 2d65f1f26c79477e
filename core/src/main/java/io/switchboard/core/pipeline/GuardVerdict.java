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
 */
public record GuardVerdict(
        String guard,
        VerdictAction action,
        String message,
        ErrorCode code,
        String rewrittenSql,
        Map<String, String> details) {

    public GuardVerdict {
        requireNonNull(guard, "guard is null");
        requireNonNull(action, "action is null");
        message = message == null ? "" : message;
        details = Map.copyOf(requireNonNull(details, "details is null"));
        if (action == VerdictAction.DENY && code == null) {
            throw new IllegalArgumentException("a denial needs an error code");
        }
        if (action == VerdictAction.REWRITE && rewrittenSql == null) {
            throw new IllegalArgumentException("a rewrite needs the new SQL");
        }
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
        return new GuardVerdict(guard, action, message, code, rewrittenSql, newDetails);
    }
}
