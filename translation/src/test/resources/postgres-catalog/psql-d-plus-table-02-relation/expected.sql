WITH sb_pg_type AS (
SELECT CAST(r.oid AS BIGINT) AS oid, r.typname, (SELECT s.oid FROM duckdb_schemas() s WHERE s.database_name = 'system' AND s.schema_name = 'pg_catalog') AS typnamespace, CAST(10 AS BIGINT) AS typowner,
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
FROM (VALUES (16, 'bool', 'boolean', 1, 'B', 1000, 0, 'none', false), (1000, '_bool', 'boolean', -1, 'A', 0, 16, 'none', false), (17, 'bytea', 'bytea', -1, 'U', 1001, 0, 'none', false), (1001, '_bytea', 'bytea', -1, 'A', 0, 17, 'none', false), (18, 'char', '"char"', 1, 'Z', 1002, 0, 'none', false), (1002, '_char', '"char"', -1, 'A', 0, 18, 'none', false), (19, 'name', 'name', 64, 'S', 1003, 0, 'none', true), (1003, '_name', 'name', -1, 'A', 0, 19, 'none', true), (20, 'int8', 'bigint', 8, 'N', 1016, 0, 'none', false), (1016, '_int8', 'bigint', -1, 'A', 0, 20, 'none', false), (21, 'int2', 'smallint', 2, 'N', 1005, 0, 'none', false), (1005, '_int2', 'smallint', -1, 'A', 0, 21, 'none', false), (23, 'int4', 'integer', 4, 'N', 1007, 0, 'none', false), (1007, '_int4', 'integer', -1, 'A', 0, 23, 'none', false), (25, 'text', 'text', -1, 'S', 1009, 0, 'none', true), (1009, '_text', 'text', -1, 'A', 0, 25, 'none', true), (26, 'oid', 'oid', 4, 'N', 1028, 0, 'none', false), (1028, '_oid', 'oid', -1, 'A', 0, 26, 'none', false), (114, 'json', 'json', -1, 'U', 199, 0, 'none', false), (199, '_json', 'json', -1, 'A', 0, 114, 'none', false), (700, 'float4', 'real', 4, 'N', 1021, 0, 'none', false), (1021, '_float4', 'real', -1, 'A', 0, 700, 'none', false), (701, 'float8', 'double precision', 8, 'N', 1022, 0, 'none', false), (1022, '_float8', 'double precision', -1, 'A', 0, 701, 'none', false), (705, 'unknown', 'unknown', -2, 'X', 0, 0, 'none', false), (1042, 'bpchar', 'character', -1, 'S', 1014, 0, 'length', true), (1014, '_bpchar', 'character', -1, 'A', 0, 1042, 'length', true), (1043, 'varchar', 'character varying', -1, 'S', 1015, 0, 'length', true), (1015, '_varchar', 'character varying', -1, 'A', 0, 1043, 'length', true), (1082, 'date', 'date', 4, 'D', 1182, 0, 'none', false), (1182, '_date', 'date', -1, 'A', 0, 1082, 'none', false), (1083, 'time', 'time without time zone', 8, 'D', 1183, 0, 'none', false), (1183, '_time', 'time without time zone', -1, 'A', 0, 1083, 'none', false), (1114, 'timestamp', 'timestamp without time zone', 8, 'D', 1115, 0, 'none', false), (1115, '_timestamp', 'timestamp without time zone', -1, 'A', 0, 1114, 'none', false), (1184, 'timestamptz', 'timestamp with time zone', 8, 'D', 1185, 0, 'none', false), (1185, '_timestamptz', 'timestamp with time zone', -1, 'A', 0, 1184, 'none', false), (1186, 'interval', 'interval', 16, 'T', 1187, 0, 'none', false), (1187, '_interval', 'interval', -1, 'A', 0, 1186, 'none', false), (1266, 'timetz', 'time with time zone', 12, 'D', 1270, 0, 'none', false), (1270, '_timetz', 'time with time zone', -1, 'A', 0, 1266, 'none', false), (1562, 'varbit', 'bit varying', -1, 'V', 1563, 0, 'length', false), (1563, '_varbit', 'bit varying', -1, 'A', 0, 1562, 'length', false), (1700, 'numeric', 'numeric', -1, 'N', 1231, 0, 'numeric', false), (1231, '_numeric', 'numeric', -1, 'A', 0, 1700, 'numeric', false), (2249, 'record', 'record', -1, 'P', 2287, 0, 'none', false), (2287, '_record', 'record', -1, 'A', 0, 2249, 'none', false), (2278, 'void', 'void', 4, 'P', 0, 0, 'none', false), (2283, 'anyelement', 'anyelement', 4, 'P', 0, 0, 'none', false), (2950, 'uuid', 'uuid', 16, 'U', 2951, 0, 'none', false), (2951, '_uuid', 'uuid', -1, 'A', 0, 2950, 'none', false)) AS r(oid, typname, format_name, typlen, category, arr, elem, modifier, collatable)),
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
  SELECT i.indexrelid, i.sb_index_name, i.sb_schema_oid, 'i', 'p', len(i.sb_columns), 0, 0 FROM sb_pg_index i) r),
sb_pg_am AS (
SELECT CAST(1 AS BIGINT) AS oid, 'art' AS amname, CAST(NULL AS VARCHAR) AS amhandler, 'i' AS amtype)
SELECT c.relchecks, c.relkind, c.relhasindex, c.relhasrules, c.relhastriggers, c.relrowsecurity, c.relforcerowsecurity, false AS relhasoids, c.relispartition, array_to_string(c.reloptions || array(select 'toast.' || x from unnest(tc.reloptions) x), ', ') AS array_to_string
, c.reltablespace, CASE WHEN c.reloftype = 0 THEN '' ELSE (SELECT sb_t.sb_format_name || CASE WHEN (NULL) >= 4 AND sb_t.sb_modifier = 'numeric' THEN '(' || (((NULL) - 4) // 65536) || ',' || (((NULL) - 4) % 65536) || ')' WHEN (NULL) >= 4 AND sb_t.sb_modifier = 'length' THEN '(' || ((NULL) - 4) || ')' ELSE '' END || CASE WHEN sb_t.typelem <> 0 THEN '[]' ELSE '' END FROM sb_pg_type sb_t WHERE sb_t.oid = (c.reloftype))::text END, c.relpersistence, c.relreplident, am.amname
FROM sb_pg_class c
 LEFT JOIN sb_pg_class tc ON (c.reltoastrelid = tc.oid)
LEFT JOIN sb_pg_am am ON (c.relam = am.oid)
WHERE c.oid = '16446';
