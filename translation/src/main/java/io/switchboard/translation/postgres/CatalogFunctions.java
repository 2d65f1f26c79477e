package io.switchboard.translation.postgres;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Replacements for PostgreSQL catalog functions that DuckDB lacks or answers from its own
 * (incompatible) catalog. Each takes the call's arguments, already rewritten, and returns an
 * expression over the virtual catalog; {@link #tablesRead} names the virtual tables it needs.
 *
 * <p>Where DuckDB has a compatible function under the same name ({@code pg_get_constraintdef},
 * {@code pg_table_is_visible}, {@code obj_description}, {@code current_schemas}...) nothing is
 * replaced: only the {@code pg_catalog.} qualifier is dropped, which both engines accept.
 */
final class CatalogFunctions {
    /** A replacement: arguments in, expression out, and the virtual tables the expression reads. */
    record Replacement(BiFunction<List<String>, String, String> expression, List<String> tablesRead, boolean tableFunction) {}

    private static final Map<String, Replacement> REPLACEMENTS = Map.ofEntries(
            // No object has an owner in DuckDB; the one role the virtual catalog shows owns all.
            scalar("pg_get_userbyid", (args, version) -> "CAST(current_user AS VARCHAR)"),
            // DuckDB keeps expressions as text already; the "pretty" flag has nothing to change.
            scalar("pg_get_expr", (args, version) -> "pg_get_expr(" + args.get(0) + ", " + args.get(1) + ")"),
            Map.entry("format_type", new Replacement(CatalogFunctions::formatType, List.of("pg_type"), false)),
            Map.entry("pg_get_indexdef", new Replacement(CatalogFunctions::indexDefinition, List.of("pg_index"), false)),
            Map.entry("pg_get_function_result", new Replacement(
                    (args, version) -> "(SELECT sb_p.sb_result FROM sb_pg_proc sb_p WHERE sb_p.oid = (" + args.get(0) + "))",
                    List.of("pg_proc"), false)),
            Map.entry("pg_get_function_arguments", new Replacement(
                    (args, version) -> "(SELECT sb_p.sb_arguments FROM sb_pg_proc sb_p WHERE sb_p.oid = (" + args.get(0) + "))",
                    List.of("pg_proc"), false)),
            Map.entry("pg_get_function_identity_arguments", new Replacement(
                    (args, version) -> "(SELECT sb_p.sb_arguments FROM sb_pg_proc sb_p WHERE sb_p.oid = (" + args.get(0) + "))",
                    List.of("pg_proc"), false)),
            // DuckDB stores the whole CREATE VIEW statement; PostgreSQL shows only the query.
            scalar("pg_get_viewdef", (args, version) -> "(SELECT regexp_replace(sb_v.sql,"
                    + " '^\\s*CREATE\\s+(OR\\s+REPLACE\\s+)?(TEMP\\s+|TEMPORARY\\s+)?VIEW\\s+.*?\\s+AS\\s+', '', 'si')"
                    + " FROM duckdb_views() sb_v WHERE sb_v.view_oid = (" + args.get(0) + "))"),
            // Quotes unless the name is a plain lower-case identifier (reserved words aside).
            scalar("quote_ident", (args, version) -> "CASE WHEN regexp_matches((" + args.get(0) + "), '^[a-z_][a-z0-9_$]*$') THEN ("
                    + args.get(0) + ") ELSE '\"' || replace((" + args.get(0) + "), '\"', '\"\"') || '\"' END"),
            scalar("pg_encoding_to_char", (args, version) -> "CASE WHEN (" + args.get(0) + ") = 6 THEN 'UTF8' ELSE '' END"),
            // Sizes on disk are not exposed per relation by DuckDB; unknown is NULL, as for a foreign table.
            scalar("pg_table_size", (args, version) -> "CAST(NULL AS BIGINT)"),
            scalar("pg_relation_size", (args, version) -> "CAST(NULL AS BIGINT)"),
            scalar("pg_total_relation_size", (args, version) -> "CAST(NULL AS BIGINT)"),
            scalar("pg_indexes_size", (args, version) -> "CAST(NULL AS BIGINT)"),
            // No partitioning in DuckDB: a relation's only "ancestor" is itself.
            scalar("pg_partition_ancestors", (args, version) -> "CAST((" + args.get(0) + ") AS BIGINT)"),
            scalar("pg_relation_is_publishable", (args, version) -> "false"),
            // Same value for PostgreSQL's one-based arrays and DuckDB's lists; both engines know array_length.
            scalar("array_upper", (args, version) -> "array_length(" + String.join(", ", args) + ")"),
            scalar("version", (args, version) -> "('PostgreSQL " + version + " on DuckDB ' || version())"),
            Map.entry("pg_get_keywords", new Replacement((args, version) -> "(SELECT k.keyword_name AS word,"
                    + " CASE k.keyword_category WHEN 'reserved' THEN 'R' WHEN 'unreserved' THEN 'U'"
                    + " WHEN 'column_name' THEN 'C' ELSE 'T' END AS catcode, true AS barelabel,"
                    + " k.keyword_category AS catdesc, 'can be bare label' AS baredesc FROM duckdb_keywords() k)",
                    List.of(), true)));

    private CatalogFunctions() {}

    static Optional<Replacement> replacement(String name) {
        return Optional.ofNullable(REPLACEMENTS.get(name.toLowerCase(Locale.ROOT)));
    }

    private static Map.Entry<String, Replacement> scalar(String name, BiFunction<List<String>, String, String> expression) {
        return Map.entry(name, new Replacement(expression, List.of(), false));
    }

    /** {@code format_type(oid, typmod)}: PostgreSQL's display name, with numeric and length modifiers. */
    private static String formatType(List<String> args, String version) {
        String oid = "(" + args.get(0) + ")";
        String typmod = args.size() > 1 ? "(" + args.get(1) + ")" : "NULL";
        return "(SELECT sb_t.sb_format_name"
                + " || CASE WHEN " + typmod + " >= 4 AND sb_t.sb_modifier = 'numeric'"
                + " THEN '(' || ((" + typmod + " - 4) // 65536) || ',' || ((" + typmod + " - 4) % 65536) || ')'"
                + " WHEN " + typmod + " >= 4 AND sb_t.sb_modifier = 'length' THEN '(' || (" + typmod + " - 4) || ')' ELSE '' END"
                + " || CASE WHEN sb_t.typelem <> 0 THEN '[]' ELSE '' END"
                + " FROM sb_pg_type sb_t WHERE sb_t.oid = " + oid + ")";
    }

    /** {@code pg_get_indexdef(index oid[, column number, pretty])}: the whole definition or one column. */
    private static String indexDefinition(List<String> args, String version) {
        String column = args.size() > 1 ? "(" + args.get(1) + ")" : "0";
        return "(SELECT CASE WHEN " + column + " = 0 THEN sb_i.sb_indexdef ELSE sb_i.sb_columns[" + column + "] END"
                + " FROM sb_pg_index sb_i WHERE sb_i.indexrelid = (" + args.get(0) + "))";
    }
}
