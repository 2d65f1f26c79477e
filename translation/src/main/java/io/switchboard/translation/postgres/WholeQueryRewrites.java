package io.switchboard.translation.postgres;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Client queries replaced as a whole, because they ask about features DuckDB does not have and
 * are built from functions that cannot be expressed over DuckDB's catalog. The replacement
 * returns the columns the client reads (names and order as PostgreSQL 15 returns them) and no
 * rows, which is the truthful answer: a DuckDB table has no row-level security policies, no
 * extended statistics, no publications, no triggers, no rewrite rules, no inheritance parents
 * and no partitions.
 *
 * <p>Each is recognized by the FROM clause psql 15 writes, which no other client query shares.
 */
final class WholeQueryRewrites {
    private record EmptyResult(String signature, List<String> columns) {}

    private static final List<EmptyResult> EMPTY_RESULTS = List.of(
            // psql \d table: "Policies"
            new EmptyResult("FROM pg_catalog.pg_policy pol", List.of(
                    "polname VARCHAR", "polpermissive BOOLEAN", "array_to_string VARCHAR", "pg_get_expr VARCHAR",
                    "pg_get_expr VARCHAR", "cmd VARCHAR")),
            // psql \d table: "Statistics objects"
            new EmptyResult("FROM pg_catalog.pg_statistic_ext", List.of(
                    "oid BIGINT", "stxrelid VARCHAR", "nsp VARCHAR", "stxname VARCHAR", "columns VARCHAR",
                    "ndist_enabled BOOLEAN", "deps_enabled BOOLEAN", "mcv_enabled BOOLEAN", "stxstattarget INTEGER")),
            // psql \d table: "Publications"
            new EmptyResult("FROM pg_catalog.pg_publication p", List.of(
                    "pubname VARCHAR", "\"?column?\" VARCHAR", "\"?column?\" VARCHAR")),
            // psql \d table: "Triggers"
            new EmptyResult("FROM pg_catalog.pg_trigger t", List.of(
                    "tgname VARCHAR", "pg_get_triggerdef VARCHAR", "tgenabled VARCHAR", "tgisinternal BOOLEAN", "parent VARCHAR")),
            // psql \d+ view: "Rules"
            new EmptyResult("FROM pg_catalog.pg_rewrite r", List.of("rulename VARCHAR", "rtrim VARCHAR")));

    /** psql \d table: "Inherits" (parents) and "Partitions"/"Child tables" (children). */
    private static final String INHERITS_SIGNATURE = "FROM pg_catalog.pg_class c, pg_catalog.pg_inherits i";

    private WholeQueryRewrites() {}

    static Optional<String> rewrite(CatalogSqlText text) {
        for (EmptyResult empty : EMPTY_RESULTS) {
            if (text.contains(empty.signature())) {
                return Optional.of(empty(empty.columns()));
            }
        }
        if (text.contains(INHERITS_SIGNATURE)) {
            // Parents: one regclass column; children: regclass, relkind, detach flag, bound.
            boolean children = text.contains("c.oid = i.inhrelid");
            return Optional.of(children
                    ? empty(List.of("oid VARCHAR", "relkind VARCHAR", "inhdetachpending BOOLEAN", "pg_get_expr VARCHAR"))
                    : empty(List.of("oid VARCHAR")));
        }
        if (text.startsWith("SHOW TRANSACTION ISOLATION LEVEL") && text.isSingleStatement()) {
            // DuckDB runs every transaction under snapshot isolation, which is what PostgreSQL
            // calls REPEATABLE READ.
            return Optional.of("SELECT 'repeatable read' AS transaction_isolation");
        }
        return Optional.empty();
    }

    private static String empty(List<String> columns) {
        return columns.stream()
                .map(column -> {
                    int space = column.lastIndexOf(' ');
                    return "CAST(NULL AS " + column.substring(space + 1) + ") AS " + column.substring(0, space);
                })
                .collect(Collectors.joining(", ", "SELECT ", " WHERE false"));
    }
}
