package io.switchboard.core.pipeline;

import io.switchboard.core.sql.Dialect;

/**
 * Turns a query's SQL from its source dialect into an engine's. Strict-mode failures throw
 * {@link io.switchboard.core.error.SwitchboardException} with {@code TRANSLATION_FAILED}.
 */
public interface Translator {
    /** Sends SQL as written; used when no translator is configured. */
    Translator NONE = (context, target) -> {
        Dialect source = context.request().sourceDialect();
        return TranslationResult.skipped(context.sql(), source.isCompatibleWith(target)
                ? "same dialect"
                : "translation is not configured; sent as written from " + source.sqlglotName() + " to " + target.sqlglotName());
    };

    TranslationResult translate(QueryContext context, Dialect target);

    /**
     * Translates for a query placed in {@code group} (where per-group transform scripts apply);
     * the pipeline calls this one. Translators without per-group behaviour keep the default.
     */
    default TranslationResult translate(QueryContext context, Dialect target, String group) {
        return translate(context, target);
    }
}
