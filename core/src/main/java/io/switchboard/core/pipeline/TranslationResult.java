package io.switchboard.core.pipeline;

import static java.util.Objects.requireNonNull;

/** The SQL to send and how it came to be. */
public record TranslationResult(String sql, TranslationStatus status, String reason, boolean cacheHit) {
    public TranslationResult {
        requireNonNull(sql, "sql is null");
        requireNonNull(status, "status is null");
        reason = reason == null ? "" : reason;
    }

    public static TranslationResult skipped(String sql, String reason) {
        return new TranslationResult(sql, TranslationStatus.SKIPPED, reason, false);
    }
}
