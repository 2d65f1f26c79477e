package io.switchboard.translation.postgres;

import static java.util.Objects.requireNonNull;

import io.switchboard.core.pipeline.QueryContext;
import io.switchboard.core.pipeline.TranslationResult;
import io.switchboard.core.pipeline.TranslationStatus;
import io.switchboard.core.pipeline.Translator;
import io.switchboard.core.sql.Dialect;
import java.util.Optional;

/**
 * The first translation step for PostgreSQL clients in front of DuckDB: catalog queries (psql's
 * {@code \d}, pgjdbc's DatabaseMetaData, BI tools' probes) are rewritten over DuckDB's own
 * catalog, because DuckDB's {@code pg_catalog} is incomplete. It runs after routing, where the
 * target is known: the same catalog query sent to a PostgreSQL engine goes there untouched.
 * Every other statement goes on to the next translator.
 */
public final class PostgresCatalogTranslator implements Translator {
    /** The session property in which the PostgreSQL frontend says what {@code server_version} it reports. */
    public static final String SERVER_VERSION_PROPERTY = "server_version";

    private final Translator next;

    public PostgresCatalogTranslator(Translator next) {
        this.next = requireNonNull(next, "next is null");
    }

    @Override
    public TranslationResult translate(QueryContext context, Dialect target) {
        return translate(context, target, null);
    }

    @Override
    public TranslationResult translate(QueryContext context, Dialect target, String group) {
        if (context.request().sourceDialect() == Dialect.POSTGRES && target == Dialect.DUCKDB) {
            String version = context.session().property(SERVER_VERSION_PROPERTY)
                    .filter(value -> value.indexOf('\'') < 0)
                    .orElse(PostgresCatalogRewriter.DEFAULT_SERVER_VERSION);
            Optional<String> rewritten = new PostgresCatalogRewriter(version).rewrite(context.sql());
            if (rewritten.isPresent()) {
                return new TranslationResult(rewritten.get(), TranslationStatus.TRANSLATED,
                        "PostgreSQL catalog query answered from DuckDB's catalog", false);
            }
        }
        return next.translate(context, target, group);
    }
}
