package io.switchboard.core.pipeline;

/** What translation did to a query, recorded with it. */
public enum TranslationStatus {
    /** Source and target dialects are compatible, or translation is off. */
    SKIPPED,
    TRANSLATED,
    /** Translation failed and the SQL went as written (best-effort mode). */
    FELL_BACK
}
