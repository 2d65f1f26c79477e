package io.switchboard.translation.postgres;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Makes PostgreSQL clients' catalog queries (psql's {@code \d} family, pgjdbc's
 * {@code DatabaseMetaData}, BI tools' probes) answerable by DuckDB, the embedded default engine.
 * The PostgreSQL frontend calls {@link #rewrite} on every statement before it enters the
 * pipeline; a recognized catalog query is replaced, everything else passes untouched.
 *
 * <p>Most queries keep their text: DuckDB's {@code pg_catalog} answers names correctly, so
 * only what it gets wrong is replaced in place (see {@link CatalogRewritePass}). A few queries
 * about features DuckDB lacks are replaced whole (see {@link WholeQueryRewrites}). The output
 * targets DuckDB; {@code docs/postgres-catalog.md} lists every captured client query and how it
 * is answered.
 *
 * <p>Thread-safe (no shared mutable state) and cheap for ordinary queries: a scan for a few
 * marker words, without allocation, decides before any tokenizing.
 */
public final class PostgresCatalogRewriter {
    /** The version PostgreSQL clients are told, as in the frontend's default {@code server_version}. */
    public static final String DEFAULT_SERVER_VERSION = "15.0 (Switchboard)";

    private final String serverVersion;

    public PostgresCatalogRewriter() {
        this(DEFAULT_SERVER_VERSION);
    }

    /** @param serverVersion what {@code version()} reports after "PostgreSQL ", e.g. {@code 15.0 (Switchboard)} */
    public PostgresCatalogRewriter(String serverVersion) {
        requireNonNull(serverVersion, "serverVersion is null");
        if (serverVersion.indexOf('\'') >= 0) {
            throw new IllegalArgumentException("serverVersion must not contain a quote: " + serverVersion);
        }
        this.serverVersion = serverVersion;
    }

    /**
     * @return the SQL to send instead of {@code sql}, or empty when {@code sql} is not a catalog
     *     query this class changes (it then goes to the engine as it is)
     */
    public Optional<String> rewrite(String sql) {
        requireNonNull(sql, "sql is null");
        if (!mayBeCatalogQuery(sql)) {
            return Optional.empty();
        }
        CatalogSqlText text = CatalogSqlText.of(sql);
        Optional<String> whole = WholeQueryRewrites.rewrite(text);
        if (whole.isPresent()) {
            return whole;
        }
        return new CatalogRewritePass(serverVersion).rewriteQuery(sql);
    }

    /**
     * The pre-check run on every query: every catalog query mentions a {@code pg_} name,
     * {@code version(} or a {@code current_...()} function, or is a {@code SHOW}. False
     * positives only cost a tokenizing.
     */
    static boolean mayBeCatalogQuery(String sql) {
        int last = sql.length() - 1;
        for (int i = 0; i < last; i++) {
            // Look at the next character before comparing words: it rules out almost every position.
            char next = sql.charAt(i + 1);
            switch (sql.charAt(i)) {
                case 'p', 'P' -> {
                    if ((next == 'g' || next == 'G') && i + 2 <= last && sql.charAt(i + 2) == '_') {
                        return true;
                    }
                }
                case 'v', 'V' -> {
                    if ((next == 'e' || next == 'E') && sql.regionMatches(true, i, "version", 0, 7)) {
                        return true;
                    }
                }
                case 's', 'S' -> {
                    if ((next == 'h' || next == 'H') && sql.regionMatches(true, i, "show", 0, 4)) {
                        return true;
                    }
                }
                case 'c', 'C' -> {
                    if ((next == 'u' || next == 'U') && sql.regionMatches(true, i, "current_", 0, 8)) {
                        return true;
                    }
                }
                default -> {
                    // not the start of a marker
                }
            }
        }
        return false;
    }
}
