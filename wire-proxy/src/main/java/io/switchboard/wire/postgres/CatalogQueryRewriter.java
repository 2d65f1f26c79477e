package io.switchboard.wire.postgres;

import java.util.Optional;

/**
 * Replaces a client's catalog query (psql's {@code \d}, pgjdbc's DatabaseMetaData) with SQL the
 * engine can answer. Implemented by {@code io.switchboard.wire.postgres.catalog.PostgresCatalogRewriter};
 * kept behind this interface so the frontend does not depend on how that is done.
 */
@FunctionalInterface
interface CatalogQueryRewriter {
    /** Sends every query as it is. */
    CatalogQueryRewriter NONE = sql -> Optional.empty();

    /** The SQL to run instead of {@code sql}, or empty to run it unchanged. Thread-safe and cheap for ordinary queries. */
    Optional<String> rewrite(String sql);
}
