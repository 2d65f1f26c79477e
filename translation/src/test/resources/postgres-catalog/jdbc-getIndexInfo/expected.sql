WITH sb_pg_index AS (
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
  FROM duckdb_constraints() k WHERE k.constraint_type IN ('PRIMARY KEY', 'UNIQUE') AND (k.database_name = current_database() OR (k.database_name = 'system' AND k.schema_name IN ('pg_catalog', 'information_schema')))
  UNION ALL
  SELECT i.index_oid, i.table_oid, i.is_primary, i.is_unique,
    (SELECT list(CAST(c.column_index AS SMALLINT) ORDER BY e.position)
       FROM (SELECT unnest(string_split(trim(i.expressions, '[]'), ', ')) AS name,
                    generate_subscripts(string_split(trim(i.expressions, '[]'), ', '), 1) AS position) e
       LEFT JOIN duckdb_columns() c ON c.table_oid = i.table_oid AND c.column_name = e.name),
    i.index_name, i.schema_oid, i.schema_name, i.table_name, string_split(trim(i.expressions, '[]'), ', ')
  FROM duckdb_indexes() i WHERE (i.database_name = current_database() OR (i.database_name = 'system' AND i.schema_name IN ('pg_catalog', 'information_schema')))) x),
sb_pg_class AS (
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
  FROM duckdb_tables() t WHERE (t.database_name = current_database() OR (t.database_name = 'system' AND t.schema_name IN ('pg_catalog', 'information_schema')))
  UNION ALL
  SELECT v.view_oid, v.view_name, v.schema_oid, 'v', CASE WHEN v.temporary THEN 't' ELSE 'p' END, v.column_count, 0, 0
  FROM duckdb_views() v WHERE (v.database_name = current_database() OR (v.database_name = 'system' AND v.schema_name IN ('pg_catalog', 'information_schema')))
  UNION ALL
  SELECT q.sequence_oid, q.sequence_name, q.schema_oid, 'S', CASE WHEN q.temporary THEN 't' ELSE 'p' END, 3, 0, 1
  FROM duckdb_sequences() q WHERE (q.database_name = current_database() OR (q.database_name = 'system' AND q.schema_name IN ('pg_catalog', 'information_schema')))
  UNION ALL
  SELECT i.indexrelid, i.sb_index_name, i.sb_schema_oid, 'i', 'p', len(i.sb_columns), 0, 0 FROM sb_pg_index i) r),
sb_pg_namespace AS (
SELECT s.oid, s.schema_name AS nspname, CAST(10 AS BIGINT) AS nspowner, CAST(NULL AS VARCHAR[]) AS nspacl
FROM duckdb_schemas() s WHERE (s.database_name = current_database() OR (s.database_name = 'system' AND s.schema_name IN ('pg_catalog', 'information_schema')))),
sb_pg_am AS (
SELECT CAST(1 AS BIGINT) AS oid, 'art' AS amname, CAST(NULL AS VARCHAR) AS amhandler, 'i' AS amtype)
SELECT     tmp.TABLE_CAT AS "TABLE_CAT",     tmp.TABLE_SCHEM AS "TABLE_SCHEM",     tmp.TABLE_NAME AS "TABLE_NAME",     tmp.NON_UNIQUE AS "NON_UNIQUE",     tmp.INDEX_QUALIFIER AS "INDEX_QUALIFIER",     tmp.INDEX_NAME AS "INDEX_NAME",     tmp.TYPE AS "TYPE",     tmp.ORDINAL_POSITION AS "ORDINAL_POSITION",     trim(both '"' from (SELECT CASE WHEN (tmp.ORDINAL_POSITION) = 0 THEN sb_i.sb_indexdef ELSE sb_i.sb_columns[(tmp.ORDINAL_POSITION)] END FROM sb_pg_index sb_i WHERE sb_i.indexrelid = (tmp.CI_OID))) AS "COLUMN_NAME",   CASE tmp.AM_NAME     WHEN 'btree' THEN CASE tmp.I_INDOPTION[tmp.ORDINAL_POSITION - 1] & 1::smallint       WHEN 1 THEN 'D'       ELSE 'A'     END     ELSE NULL   END AS "ASC_OR_DESC",     tmp.CARDINALITY AS "CARDINALITY",     tmp.PAGES AS "PAGES",     tmp.FILTER_CONDITION AS "FILTER_CONDITION",     tmp.REMARKS AS "REMARKS"FROM (SELECT current_database() AS TABLE_CAT,  n.nspname AS TABLE_SCHEM,   ct.relname AS TABLE_NAME, NOT i.indisunique AS NON_UNIQUE,   NULL AS INDEX_QUALIFIER, ci.relname AS INDEX_NAME,   CASE i.indisclustered     WHEN true THEN 1    ELSE CASE am.amname       WHEN 'hash' THEN 2      ELSE 3    END   END AS TYPE,   (unnest(list_transform(range(1, len((i.indkey)) + 1), lambda sb_n: {'x': (i.indkey)[sb_n], 'n': sb_n}))).n AS ORDINAL_POSITION,   ci.reltuples AS CARDINALITY,   ci.relpages AS PAGES,   pg_get_expr(i.indpred, i.indrelid) AS FILTER_CONDITION,   ci.oid AS CI_OID,   i.indoption AS I_INDOPTION,   am.amname AS AM_NAME,   d.description AS REMARKS FROM sb_pg_class ct   JOIN sb_pg_namespace n ON (ct.relnamespace = n.oid)   JOIN sb_pg_index i ON (ct.oid = i.indrelid)   JOIN sb_pg_class ci ON (ci.oid = i.indexrelid)   JOIN sb_pg_am am ON (ci.relam = am.oid)   LEFT JOIN pg_catalog.pg_description d ON (ci.oid = d.objoid) WHERE true  AND n.nspname = $1 AND ct.relname = $2) AS tmp ORDER BY "NON_UNIQUE", "TYPE", "INDEX_NAME", "ORDINAL_POSITION"
