package io.switchboard.mcp;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL the catalog tools and resources send through the pipeline: plain ANSI
 * {@code information_schema} queries that Trino, DuckDB, PostgreSQL and MySQL all answer.
 * Names from callers only ever appear inside string literals, with quotes doubled.
 */
final class CatalogSql {
    /** Schemas and catalogs that describe the engine itself rather than data. */
    static final String HIDDEN = "schema_name NOT IN ('information_schema', 'pg_catalog')"
            + " AND catalog_name NOT IN ('system', 'temp')";

    private CatalogSql() {}

    static String schemas() {
        return "SELECT catalog_name, schema_name FROM information_schema.schemata WHERE " + HIDDEN
                + " ORDER BY catalog_name, schema_name";
    }

    /** Tables and views, optionally of one catalog and schema, optionally matching a LIKE pattern (case-insensitive). */
    static String tables(String catalog, String schema, String pattern) {
        List<String> where = new ArrayList<>();
        where.add("table_schema NOT IN ('information_schema', 'pg_catalog')");
        where.add("table_catalog NOT IN ('system', 'temp')");
        if (catalog != null) {
            where.add("lower(table_catalog) = lower(" + literal(catalog) + ")");
        }
        if (schema != null) {
            where.add("lower(table_schema) = lower(" + literal(schema) + ")");
        }
        if (pattern != null) {
            where.add("lower(table_name) LIKE lower(" + literal(pattern) + ")");
        }
        return "SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables WHERE "
                + String.join(" AND ", where) + " ORDER BY table_catalog, table_schema, table_name";
    }

    /** The columns of every table with that name (and schema and catalog when given), in column order. */
    static String columns(String catalog, String schema, String table) {
        List<String> where = new ArrayList<>();
        where.add("lower(table_name) = lower(" + literal(table) + ")");
        if (schema != null) {
            where.add("lower(table_schema) = lower(" + literal(schema) + ")");
        }
        if (catalog != null) {
            where.add("lower(table_catalog) = lower(" + literal(catalog) + ")");
        }
        where.add("table_schema NOT IN ('information_schema', 'pg_catalog')");
        return "SELECT table_catalog, table_schema, table_name, column_name, data_type, is_nullable"
                + " FROM information_schema.columns WHERE " + String.join(" AND ", where)
                + " ORDER BY table_catalog, table_schema, table_name, ordinal_position";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A double-quoted identifier (ANSI, Trino, DuckDB, PostgreSQL). */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
