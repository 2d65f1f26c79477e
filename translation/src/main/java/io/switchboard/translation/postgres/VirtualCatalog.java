package io.switchboard.translation.postgres;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL catalog tables rendered as DuckDB SQL over DuckDB's own metadata functions
 * ({@code duckdb_tables()}, {@code duckdb_columns()}, {@code duckdb_constraints()}...).
 *
 * <p>DuckDB ships a {@code pg_catalog} of its own, good enough for names but wrong where clients
 * look closely: {@code pg_attribute.atttypid} holds DuckDB type ids that match no
 * {@code pg_type.oid}, {@code pg_constraint} has no key columns, {@code pg_index} has no
 * {@code indkey}, {@code pg_namespace} lacks {@code pg_catalog}, and {@code pg_roles} does not
 * exist. The rewriter substitutes a reference to such a table with one of these definitions
 * (as a common table expression named {@code sb_<table>}), keeping the client's query intact
 * around it. Each definition lists the columns of PostgreSQL 15's table that clients read,
 * in PostgreSQL's order, plus a few {@code sb_} helper columns the function rewrites use.
 *
 * <p>What is shown: the relations of the current DuckDB database plus DuckDB's
 * {@code pg_catalog} and {@code information_schema} views; one role (the engine's current
 * user, owner of everything, oid 10 as PostgreSQL's bootstrap superuser); DuckDB indexes and
 * the unique indexes behind PRIMARY KEY and UNIQUE constraints (access method {@code art}).
 */
final class VirtualCatalog {
    /** Relations PostgreSQL clients may see: the current database and the system catalogs. */
    private static final String VISIBLE =
            "(%1$s.database_name = current_database() OR (%1$s.database_name = 'system' AND %1$s.schema_name IN ('pg_catalog', 'information_schema')))";

    private static final String PG_CATALOG_OID =
            "(SELECT s.oid FROM duckdb_schemas() s WHERE s.database_name = 'system' AND s.schema_name = 'pg_catalog')";

    /** A substitutable table: its CTE body and the other virtual tables that body reads. */
    record Table(String name, String body, List<String> dependencies) {
        String cteName() {
            return "sb_" + name;
        }
    }

    private static final Map<String, Table> TABLES = new LinkedHashMap<>();

    static {
        add("pg_type", """
                SELECT CAST(r.oid AS BIGINT) AS oid, r.typname, %s AS typnamespace, CAST(10 AS BIGINT) AS typowner,
                  CAST(r.typlen AS SMALLINT) AS typlen, r.typlen BETWEEN 1 AND 8 AS typbyval,
                  CASE WHEN r.category = 'P' THEN 'p' ELSE 'b' END AS typtype, r.category AS typcategory,
                  false AS typispreferred, true AS typisdefined, ',' AS typdelim, CAST(0 AS BIGINT) AS typrelid,
                  CAST(r.elem AS BIGINT) AS typelem, CAST(r.arr AS BIGINT) AS typarray,
                  CASE WHEN r.elem <> 0 THEN 'array_in' ELSE r.typname || 'in' END AS typinput,
                  CASE WHEN r.elem <> 0 THEN 'array_out' ELSE r.typname || 'out' END AS typoutput,
                  CASE WHEN r.elem <> 0 THEN 'array_recv' ELSE r.typname || 'recv' END AS typreceive,
                  CASE WHEN r.elem <> 0 THEN 'array_send' ELSE r.typname || 'send' END AS typsend,
                  CASE WHEN r.typlen = 8 THEN 'd' WHEN r.typlen = 2 THEN 's' WHEN r.typlen = 1 THEN 'c' ELSE 'i' END AS typalign,
                  CASE WHEN r.typlen = -1 THEN 'x' ELSE 'p' END AS typstorage, false AS typnotnull,
                  CAST(0 AS BIGINT) AS typbasetype, -1 AS typtypmod, CASE WHEN r.elem <> 0 THEN 1 ELSE 0 END AS typndims,
                  CAST(CASE WHEN r.collatable THEN 100 ELSE 0 END AS BIGINT) AS typcollation,
                  CAST(NULL AS VARCHAR) AS typdefaultbin, CAST(NULL AS VARCHAR) AS typdefault, CAST(NULL AS VARCHAR[]) AS typacl,
                  r.format_name AS sb_format_name, r.modifier AS sb_modifier
                FROM (VALUES %s) AS r(oid, typname, format_name, typlen, category, arr, elem, modifier, collatable)"""
                .formatted(PG_CATALOG_OID, PgTypeCatalog.pgTypeRows()));

        add("pg_namespace", """
                SELECT s.oid, s.schema_name AS nspname, CAST(10 AS BIGINT) AS nspowner, CAST(NULL AS VARCHAR[]) AS nspacl
                FROM duckdb_schemas() s WHERE %s""".formatted(visible("s")));

        add("pg_index", """
                SELECT x.indexrelid, x.indrelid, CAST(len(x.sb_columns) AS SMALLINT) AS indnatts,
                  CAST(len(x.sb_columns) AS SMALLINT) AS indnkeyatts, x.indisunique, x.indisprimary, false AS indisexclusion,
                  true AS indimmediate, false AS indisclustered, true AS indisvalid, false AS indcheckxmin, true AS indisready,
                  true AS indislive, false AS indisreplident, false AS indnullsnotdistinct, x.indkey,
                  CAST(NULL AS BIGINT[]) AS indcollation, CAST(NULL AS BIGINT[]) AS indclass,
                  list_transform(x.sb_columns, lambda c: CAST(0 AS SMALLINT)) AS indoption,
                  CAST(NULL AS VARCHAR) AS indexprs, CAST(NULL AS VARCHAR) AS indpred,
                  x.sb_index_name, x.sb_schema_oid, x.sb_columns,
                  'CREATE ' || CASE WHEN x.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || x.sb_index_name || ' ON '
                    || x.sb_schema_name || '.' || x.sb_table_name || ' USING art (' || array_to_string(x.sb_columns, ', ') || ')' AS sb_indexdef
                FROM (
                  SELECT k.table_oid * 1000000 + k.constraint_index AS indexrelid, k.table_oid AS indrelid,
                    k.constraint_type = 'PRIMARY KEY' AS indisprimary, true AS indisunique,
                    list_transform(k.constraint_column_indexes, lambda c: CAST(c + 1 AS SMALLINT)) AS indkey,
                    k.constraint_name AS sb_index_name, k.schema_oid AS sb_schema_oid, k.schema_name AS sb_schema_name,
                    k.table_name AS sb_table_name, k.constraint_column_names AS sb_columns
                  FROM duckdb_constraints() k WHERE k.constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND %s
                  UNION ALL
                  SELECT i.index_oid, i.table_oid, i.is_primary, i.is_unique,
                    (SELECT list(CAST(c.column_index AS SMALLINT) ORDER BY e.position)
                       FROM (SELECT unnest(string_split(trim(i.expressions, '[]'), ', ')) AS name,
                                    generate_subscripts(string_split(trim(i.expressions, '[]'), ', '), 1) AS position) e
                       LEFT JOIN duckdb_columns() c ON c.table_oid = i.table_oid AND c.column_name = e.name),
                    i.index_name, i.schema_oid, i.schema_name, i.table_name, string_split(trim(i.expressions, '[]'), ', ')
                  FROM duckdb_indexes() i WHERE %s) x""".formatted(visible("k"), visible("i")));

        add("pg_class", """
                SELECT r.oid, r.relname, r.relnamespace, CAST(0 AS BIGINT) AS reltype, CAST(0 AS BIGINT) AS reloftype,
                  CAST(10 AS BIGINT) AS relowner, CAST(CASE WHEN r.relkind = 'i' THEN 1 ELSE 0 END AS BIGINT) AS relam,
                  r.oid AS relfilenode, CAST(0 AS BIGINT) AS reltablespace, 0 AS relpages, CAST(r.reltuples AS REAL) AS reltuples,
                  0 AS relallvisible, CAST(0 AS BIGINT) AS reltoastrelid,
                  r.relkind = 'r' AND EXISTS (SELECT 1 FROM sb_pg_index i WHERE i.indrelid = r.oid) AS relhasindex,
                  false AS relisshared, r.relpersistence, r.relkind, CAST(r.relnatts AS SMALLINT) AS relnatts,
                  CAST(r.relchecks AS SMALLINT) AS relchecks, false AS relhasrules,
                  r.relkind = 'r' AND EXISTS (SELECT 1 FROM duckdb_constraints() f WHERE f.constraint_type = 'FOREIGN KEY'
                    AND (f.table_oid = r.oid OR (f.referenced_table = r.relname AND f.schema_oid = r.relnamespace))) AS relhastriggers,
                  false AS relhassubclass, false AS relrowsecurity, false AS relforcerowsecurity, true AS relispopulated,
                  'd' AS relreplident, false AS relispartition, CAST(0 AS BIGINT) AS relrewrite,
                  CAST(NULL AS VARCHAR[]) AS relacl, CAST(NULL AS VARCHAR[]) AS reloptions, CAST(NULL AS VARCHAR) AS relpartbound
                FROM (
                  SELECT t.table_oid AS oid, t.table_name AS relname, t.schema_oid AS relnamespace, 'r' AS relkind,
                    CASE WHEN t.temporary THEN 't' ELSE 'p' END AS relpersistence, t.column_count AS relnatts,
                    t.check_constraint_count AS relchecks, t.estimated_size AS reltuples
                  FROM duckdb_tables() t WHERE %s
                  UNION ALL
                  SELECT v.view_oid, v.view_name, v.schema_oid, 'v', CASE WHEN v.temporary THEN 't' ELSE 'p' END, v.column_count, 0, 0
                  FROM duckdb_views() v WHERE %s
                  UNION ALL
                  SELECT q.sequence_oid, q.sequence_name, q.schema_oid, 'S', CASE WHEN q.temporary THEN 't' ELSE 'p' END, 3, 0, 1
                  FROM duckdb_sequences() q WHERE %s
                  UNION ALL
                  SELECT i.indexrelid, i.sb_index_name, i.sb_schema_oid, 'i', 'p', len(i.sb_columns), 0, 0 FROM sb_pg_index i) r"""
                .formatted(visible("t"), visible("v"), visible("q")), "pg_index");

        add("pg_attribute", """
                SELECT a.attrelid, a.attname, t.oid AS atttypid, -1 AS attstattarget, t.typlen AS attlen, a.attnum,
                  CAST(CASE WHEN a.is_array THEN 1 ELSE 0 END AS INTEGER) AS attndims, -1 AS attcacheoff, a.atttypmod,
                  t.typbyval AS attbyval, t.typalign AS attalign, t.typstorage AS attstorage, '' AS attcompression,
                  a.attnotnull, a.atthasdef, false AS atthasmissing, '' AS attidentity, a.attgenerated, false AS attisdropped,
                  true AS attislocal, 0 AS attinhcount, t.typcollation AS attcollation, CAST(NULL AS VARCHAR[]) AS attacl,
                  CAST(NULL AS VARCHAR[]) AS attoptions, CAST(NULL AS VARCHAR[]) AS attfdwoptions, CAST(NULL AS VARCHAR) AS attmissingval
                FROM (
                  SELECT c.table_oid AS attrelid, c.column_name AS attname, CAST(c.column_index AS SMALLINT) AS attnum,
                    c.is_array, COALESCE(m.oid, %d) AS base_oid,
                    CAST(CASE WHEN c.base_type = 'DECIMAL' AND NOT c.is_array THEN c.numeric_precision * 65536 + c.numeric_scale + 4 ELSE -1 END AS INTEGER) AS atttypmod,
                    NOT c.is_nullable AS attnotnull, c.column_default IS NOT NULL AS atthasdef,
                    CASE WHEN c.is_generated THEN 's' ELSE '' END AS attgenerated
                  FROM (SELECT d.*, regexp_replace(d.data_type, '(\\(.*\\))?(\\[\\d*\\])?$', '') AS base_type,
                          regexp_matches(d.data_type, '\\[\\d*\\]$') AS is_array
                        FROM duckdb_columns() d WHERE %s) c
                  LEFT JOIN (VALUES %s) AS m(duckdb_type, oid) ON m.duckdb_type = c.base_type
                  UNION ALL
                  SELECT i.indexrelid, e.name, CAST(e.position AS SMALLINT), false, 0, -1, false, false, ''
                  FROM sb_pg_index i, (SELECT unnest(i.sb_columns) AS name, generate_subscripts(i.sb_columns, 1) AS position) e) a
                JOIN sb_pg_type t ON t.oid = CASE
                  WHEN a.base_oid = 0 THEN COALESCE((SELECT b.atttypid FROM sb_pg_attribute_of_tables b, sb_pg_index i
                      WHERE i.indexrelid = a.attrelid AND b.attrelid = i.indrelid AND b.attname = a.attname), %d)
                  WHEN a.is_array THEN (SELECT e.typarray FROM sb_pg_type e WHERE e.oid = a.base_oid)
                  ELSE a.base_oid END"""
                .formatted(PgTypeCatalog.FALLBACK_OID, visible("d"), PgTypeCatalog.duckDbMappingRows(), PgTypeCatalog.FALLBACK_OID),
                "pg_type", "pg_index", "pg_attribute_of_tables");

        add("pg_attribute_of_tables", """
                SELECT c.table_oid AS attrelid, c.column_name AS attname, COALESCE(m.oid, %d) AS atttypid
                FROM duckdb_columns() c
                LEFT JOIN (VALUES %s) AS m(duckdb_type, oid) ON m.duckdb_type = regexp_replace(c.data_type, '\\(.*\\)$', '')
                WHERE %s""".formatted(PgTypeCatalog.FALLBACK_OID, PgTypeCatalog.duckDbMappingRows(), visible("c")));

        add("pg_attrdef", """
                SELECT c.table_oid * 1000 + c.column_index AS oid, c.table_oid AS adrelid, CAST(c.column_index AS SMALLINT) AS adnum,
                  c.column_default AS adbin
                FROM duckdb_columns() c WHERE c.column_default IS NOT NULL AND %s""".formatted(visible("c")));

        add("pg_constraint", """
                SELECT k.table_oid * 1000000 + k.constraint_index AS oid, k.constraint_name AS conname, k.schema_oid AS connamespace,
                  CASE k.constraint_type WHEN 'CHECK' THEN 'c' WHEN 'UNIQUE' THEN 'u' WHEN 'PRIMARY KEY' THEN 'p' ELSE 'f' END AS contype,
                  false AS condeferrable, false AS condeferred, true AS convalidated, k.table_oid AS conrelid,
                  CAST(0 AS BIGINT) AS contypid,
                  CASE WHEN k.constraint_type IN ('PRIMARY KEY', 'UNIQUE') THEN k.table_oid * 1000000 + k.constraint_index
                       WHEN k.constraint_type = 'FOREIGN KEY' THEN COALESCE((SELECT u.table_oid * 1000000 + u.constraint_index
                         FROM duckdb_constraints() u WHERE u.table_oid = r.table_oid AND u.constraint_type IN ('PRIMARY KEY', 'UNIQUE')
                           AND u.constraint_column_names = k.referenced_column_names LIMIT 1), 0)
                       ELSE 0 END AS conindid,
                  CAST(0 AS BIGINT) AS conparentid, COALESCE(r.table_oid, 0) AS confrelid,
                  CASE WHEN k.constraint_type = 'FOREIGN KEY' THEN 'a' ELSE ' ' END AS confupdtype,
                  CASE WHEN k.constraint_type = 'FOREIGN KEY' THEN 'a' ELSE ' ' END AS confdeltype,
                  CASE WHEN k.constraint_type = 'FOREIGN KEY' THEN 's' ELSE ' ' END AS confmatchtype,
                  true AS conislocal, 0 AS coninhcount, false AS connoinherit,
                  list_transform(k.constraint_column_indexes, lambda c: CAST(c + 1 AS SMALLINT)) AS conkey,
                  CASE WHEN k.constraint_type = 'FOREIGN KEY' THEN (SELECT list(CAST(rc.column_index AS SMALLINT) ORDER BY e.position)
                    FROM (SELECT unnest(k.referenced_column_names) AS name, generate_subscripts(k.referenced_column_names, 1) AS position) e
                    JOIN duckdb_columns() rc ON rc.table_oid = r.table_oid AND rc.column_name = e.name) END AS confkey,
                  CAST(NULL AS BIGINT[]) AS conpfeqop, CAST(NULL AS BIGINT[]) AS conppeqop, CAST(NULL AS BIGINT[]) AS conffeqop,
                  CAST(NULL AS BIGINT[]) AS conexclop, k.expression AS conbin
                FROM duckdb_constraints() k
                LEFT JOIN duckdb_tables() r ON k.constraint_type = 'FOREIGN KEY' AND r.database_name = k.database_name
                  AND r.schema_name = k.schema_name AND r.table_name = k.referenced_table
                WHERE k.constraint_type IN ('CHECK', 'UNIQUE', 'PRIMARY KEY', 'FOREIGN KEY') AND %s""".formatted(visible("k")));

        add("pg_proc", """
                SELECT f.function_oid AS oid, f.function_name AS proname, s.oid AS pronamespace, CAST(10 AS BIGINT) AS proowner,
                  CAST(14 AS BIGINT) AS prolang, 100 AS procost, 0 AS prorows, CAST(0 AS BIGINT) AS provariadic,
                  CAST(0 AS BIGINT) AS prosupport, CASE WHEN f.function_type = 'aggregate' THEN 'a' ELSE 'f' END AS prokind,
                  false AS prosecdef, false AS proleakproof, false AS proisstrict,
                  f.function_type IN ('table', 'table_macro') AS proretset, 'v' AS provolatile, 'u' AS proparallel,
                  CAST(len(f.parameters) AS SMALLINT) AS pronargs, CAST(0 AS SMALLINT) AS pronargdefaults,
                  CAST(CASE WHEN f.function_type IN ('table', 'table_macro') THEN 2249 ELSE 2283 END AS BIGINT) AS prorettype,
                  list_transform(f.parameters, lambda p: CAST(2283 AS BIGINT)) AS proargtypes, CAST(NULL AS BIGINT[]) AS proallargtypes,
                  CAST(NULL AS VARCHAR[]) AS proargmodes, f.parameters AS proargnames, CAST(NULL AS VARCHAR) AS proargdefaults,
                  CAST(NULL AS BIGINT[]) AS protrftypes, f.macro_definition AS prosrc, CAST(NULL AS VARCHAR) AS probin,
                  CAST(NULL AS VARCHAR) AS prosqlbody, CAST(NULL AS VARCHAR[]) AS proconfig, CAST(NULL AS VARCHAR[]) AS proacl,
                  CASE WHEN f.function_type IN ('table', 'table_macro') THEN 'SETOF record' ELSE 'anyelement' END AS sb_result,
                  array_to_string(list_transform(f.parameters, lambda p: p || ' anyelement'), ', ') AS sb_arguments
                FROM duckdb_functions() f
                JOIN duckdb_schemas() s ON s.database_name = f.database_name AND s.schema_name = f.schema_name
                WHERE NOT f.internal AND f.database_name = current_database()""");

        // DuckDB sequences are BIGINT sequences without a cache.
        add("pg_sequence", """
                SELECT q.sequence_oid AS seqrelid, CAST(20 AS BIGINT) AS seqtypid, q.start_value AS seqstart,
                  q.increment_by AS seqincrement, q.max_value AS seqmax, q.min_value AS seqmin, CAST(1 AS BIGINT) AS seqcache,
                  q.cycle AS seqcycle
                FROM duckdb_sequences() q WHERE %s""".formatted(visible("q")));

        add("pg_database", """
                SELECT d.database_oid AS oid, d.database_name AS datname, CAST(10 AS BIGINT) AS datdba, 6 AS encoding,
                  'c' AS datlocprovider, false AS datistemplate, true AS datallowconn, -1 AS datconnlimit,
                  CAST(0 AS BIGINT) AS dattablespace, 'C' AS datcollate, 'C' AS datctype, CAST(NULL AS VARCHAR) AS daticulocale,
                  CAST(NULL AS VARCHAR) AS datcollversion, CAST(NULL AS VARCHAR[]) AS datacl
                FROM duckdb_databases() d WHERE NOT d.internal""");

        add("pg_roles", """
                SELECT CAST(current_user AS VARCHAR) AS rolname, true AS rolsuper, true AS rolinherit, true AS rolcreaterole,
                  true AS rolcreatedb, true AS rolcanlogin, false AS rolreplication, -1 AS rolconnlimit, '********' AS rolpassword,
                  CAST(NULL AS TIMESTAMPTZ) AS rolvaliduntil, false AS rolbypassrls, CAST(NULL AS VARCHAR[]) AS rolconfig,
                  CAST(10 AS BIGINT) AS oid""");

        add("pg_auth_members", """
                SELECT CAST(NULL AS BIGINT) AS roleid, CAST(NULL AS BIGINT) AS member, CAST(NULL AS BIGINT) AS grantor,
                  CAST(NULL AS BOOLEAN) AS admin_option WHERE false""");

        add("pg_am", """
                SELECT CAST(1 AS BIGINT) AS oid, 'art' AS amname, CAST(NULL AS VARCHAR) AS amhandler, 'i' AS amtype""");

        // PostgreSQL's read-only "preset" settings that drivers read, with the values the
        // PostgreSQL frontend announces; DuckDB's own settings follow.
        add("pg_settings", """
                SELECT p.name, p.setting, CAST(NULL AS VARCHAR) AS unit, 'Preset Options' AS category, p.short_desc,
                  CAST(NULL AS VARCHAR) AS extra_desc, 'internal' AS context, p.vartype, 'default' AS source,
                  CAST(NULL AS VARCHAR) AS min_val, CAST(NULL AS VARCHAR) AS max_val, CAST(NULL AS VARCHAR[]) AS enumvals,
                  p.setting AS boot_val, p.setting AS reset_val, CAST(NULL AS VARCHAR) AS sourcefile, CAST(NULL AS INTEGER) AS sourceline,
                  false AS pending_restart
                FROM (VALUES ('max_index_keys', '32', 'Shows the maximum number of index keys.', 'integer'),
                  ('max_identifier_length', '63', 'Shows the maximum identifier length.', 'integer'),
                  ('server_encoding', 'UTF8', 'Shows the server (database) character set encoding.', 'string'),
                  ('integer_datetimes', 'on', 'Shows whether datetimes are integer based.', 'bool'),
                  ('standard_conforming_strings', 'on', 'Causes ''...'' strings to treat backslashes literally.', 'bool'))
                  AS p(name, setting, short_desc, vartype)
                UNION ALL
                SELECT s.name, s.value, NULL, 'DuckDB', s.description, NULL, 'user',
                  CASE WHEN s.input_type = 'VARCHAR' THEN 'string' WHEN s.input_type = 'BOOLEAN' THEN 'bool'
                       WHEN s.input_type IN ('BIGINT', 'UBIGINT', 'INTEGER', 'UINTEGER') THEN 'integer' ELSE 'string' END,
                  'default', NULL, NULL, NULL, s.value, s.value, NULL, NULL, false
                FROM duckdb_settings() s""");
    }

    private VirtualCatalog() {}

    private static void add(String name, String body, String... dependencies) {
        TABLES.put(name, new Table(name, body, List.of(dependencies)));
    }

    private static String visible(String alias) {
        return VISIBLE.formatted(alias);
    }

    /** The virtual table a client may reference by this (unqualified, any case) name. */
    static Optional<Table> table(String name) {
        Table table = TABLES.get(name.toLowerCase(Locale.ROOT));
        return table == null || table.name().equals("pg_attribute_of_tables") ? Optional.empty() : Optional.of(table);
    }

    /** The named tables and everything they read, dependencies first. */
    static List<Table> withDependencies(List<String> names) {
        Map<String, Table> ordered = new LinkedHashMap<>();
        for (String name : names) {
            collect(TABLES.get(name), ordered);
        }
        return List.copyOf(ordered.values());
    }

    private static void collect(Table table, Map<String, Table> ordered) {
        if (ordered.containsKey(table.name())) {
            return;
        }
        for (String dependency : table.dependencies()) {
            collect(TABLES.get(dependency), ordered);
        }
        ordered.put(table.name(), table);
    }
}
