WITH sb_pg_namespace AS (
SELECT s.oid, s.schema_name AS nspname, CAST(10 AS BIGINT) AS nspowner, CAST(NULL AS VARCHAR[]) AS nspacl
FROM duckdb_schemas() s WHERE (s.database_name = current_database() OR (s.database_name = 'system' AND s.schema_name IN ('pg_catalog', 'information_schema')))),
sb_pg_index AS (
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
  SELECT i.indexrelid, i.sb_index_name, i.sb_schema_oid, 'i', 'p', len(i.sb_columns), 0, 0 FROM sb_pg_index i) r)
SELECT current_database() AS "TABLE_CAT", n.nspname AS "TABLE_SCHEM", c.relname AS "TABLE_NAME",  CASE n.nspname ~ '^pg_' OR n.nspname = 'information_schema'  WHEN true THEN CASE  WHEN n.nspname = 'pg_catalog' OR n.nspname = 'information_schema' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TABLE'   WHEN 'v' THEN 'SYSTEM VIEW'   WHEN 'i' THEN 'SYSTEM INDEX'   ELSE NULL   END  WHEN n.nspname = 'pg_toast' THEN CASE c.relkind   WHEN 'r' THEN 'SYSTEM TOAST TABLE'   WHEN 'i' THEN 'SYSTEM TOAST INDEX'   ELSE NULL   END  ELSE CASE c.relkind   WHEN 'r' THEN 'TEMPORARY TABLE'   WHEN 'p' THEN 'TEMPORARY TABLE'   WHEN 'i' THEN 'TEMPORARY INDEX'   WHEN 'S' THEN 'TEMPORARY SEQUENCE'   WHEN 'v' THEN 'TEMPORARY VIEW'   ELSE NULL   END  END  WHEN false THEN CASE c.relkind  WHEN 'r' THEN 'TABLE'  WHEN 'p' THEN 'PARTITIONED TABLE'  WHEN 'i' THEN 'INDEX'  WHEN 'P' then 'PARTITIONED INDEX'  WHEN 'S' THEN 'SEQUENCE'  WHEN 'v' THEN 'VIEW'  WHEN 'c' THEN 'TYPE'  WHEN 'f' THEN 'FOREIGN TABLE'  WHEN 'm' THEN 'MATERIALIZED VIEW'  ELSE NULL  END  ELSE NULL  END  AS "TABLE_TYPE", d.description AS "REMARKS",  '' as "TYPE_CAT", '' as "TYPE_SCHEM", '' as "TYPE_NAME", '' AS "SELF_REFERENCING_COL_NAME", '' AS "REF_GENERATION"  FROM sb_pg_namespace n, sb_pg_class c  LEFT JOIN pg_catalog.pg_description d ON (c.oid = d.objoid AND d.objsubid = 0  and d.classoid = (SELECT sb_c.oid FROM sb_pg_class sb_c WHERE sb_c.relname = 'pg_class' ORDER BY sb_c.oid LIMIT 1))  WHERE c.relnamespace = n.oid  AND n.nspname LIKE $1 AND c.relname LIKE $2 ORDER BY "TABLE_TYPE","TABLE_SCHEM","TABLE_NAME"
