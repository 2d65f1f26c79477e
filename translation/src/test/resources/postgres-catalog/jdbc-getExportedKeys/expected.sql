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
  SELECT i.indexrelid, i.sb_index_name, i.sb_schema_oid, 'i', 'p', len(i.sb_columns), 0, 0 FROM sb_pg_index i) r),
sb_pg_type AS (
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
sb_pg_attribute_of_tables AS (
SELECT c.table_oid AS attrelid, c.column_name AS attname, COALESCE(m.oid, 25) AS atttypid
FROM duckdb_columns() c
LEFT JOIN (VALUES ('BIGINT', 20), ('BIGNUM', 1700), ('BIT', 1562), ('BLOB', 17), ('BOOLEAN', 16), ('DATE', 1082), ('DECIMAL', 1700), ('DOUBLE', 701), ('FLOAT', 700), ('HUGEINT', 1700), ('INTEGER', 23), ('INTERVAL', 1186), ('JSON', 114), ('MAP', 114), ('SMALLINT', 21), ('STRUCT', 114), ('TIME', 1083), ('TIME WITH TIME ZONE', 1266), ('TIMESTAMP', 1114), ('TIMESTAMP WITH TIME ZONE', 1184), ('TIMESTAMPTZ_NS', 1184), ('TIMESTAMP_MS', 1114), ('TIMESTAMP_NS', 1114), ('TIMESTAMP_S', 1114), ('TIME_NS', 1083), ('TINYINT', 21), ('UBIGINT', 1700), ('UHUGEINT', 1700), ('UINTEGER', 20), ('USMALLINT', 23), ('UTINYINT', 21), ('UUID', 2950), ('VARCHAR', 1043)) AS m(duckdb_type, oid) ON m.duckdb_type = regexp_replace(c.data_type, '\(.*\)$', '')
WHERE (c.database_name = current_database() OR (c.database_name = 'system' AND c.schema_name IN ('pg_catalog', 'information_schema')))),
sb_pg_attribute AS (
SELECT a.attrelid, a.attname, t.oid AS atttypid, -1 AS attstattarget, t.typlen AS attlen, a.attnum,
  CAST(CASE WHEN a.is_array THEN 1 ELSE 0 END AS INTEGER) AS attndims, -1 AS attcacheoff, a.atttypmod,
  t.typbyval AS attbyval, t.typalign AS attalign, t.typstorage AS attstorage, '' AS attcompression,
  a.attnotnull, a.atthasdef, false AS atthasmissing, '' AS attidentity, a.attgenerated, false AS attisdropped,
  true AS attislocal, 0 AS attinhcount, t.typcollation AS attcollation, CAST(NULL AS VARCHAR[]) AS attacl,
  CAST(NULL AS VARCHAR[]) AS attoptions, CAST(NULL AS VARCHAR[]) AS attfdwoptions, CAST(NULL AS VARCHAR) AS attmissingval
FROM (
  SELECT c.table_oid AS attrelid, c.column_name AS attname, CAST(c.column_index AS SMALLINT) AS attnum,
    c.is_array, COALESCE(m.oid, 25) AS base_oid,
    CAST(CASE WHEN c.base_type = 'DECIMAL' AND NOT c.is_array THEN c.numeric_precision * 65536 + c.numeric_scale + 4 ELSE -1 END AS INTEGER) AS atttypmod,
    NOT c.is_nullable AS attnotnull, c.column_default IS NOT NULL AS atthasdef,
    CASE WHEN c.is_generated THEN 's' ELSE '' END AS attgenerated
  FROM (SELECT d.*, regexp_replace(d.data_type, '(\(.*\))?(\[\d*\])?$', '') AS base_type,
          regexp_matches(d.data_type, '\[\d*\]$') AS is_array
        FROM duckdb_columns() d WHERE (d.database_name = current_database() OR (d.database_name = 'system' AND d.schema_name IN ('pg_catalog', 'information_schema')))) c
  LEFT JOIN (VALUES ('BIGINT', 20), ('BIGNUM', 1700), ('BIT', 1562), ('BLOB', 17), ('BOOLEAN', 16), ('DATE', 1082), ('DECIMAL', 1700), ('DOUBLE', 701), ('FLOAT', 700), ('HUGEINT', 1700), ('INTEGER', 23), ('INTERVAL', 1186), ('JSON', 114), ('MAP', 114), ('SMALLINT', 21), ('STRUCT', 114), ('TIME', 1083), ('TIME WITH TIME ZONE', 1266), ('TIMESTAMP', 1114), ('TIMESTAMP WITH TIME ZONE', 1184), ('TIMESTAMPTZ_NS', 1184), ('TIMESTAMP_MS', 1114), ('TIMESTAMP_NS', 1114), ('TIMESTAMP_S', 1114), ('TIME_NS', 1083), ('TINYINT', 21), ('UBIGINT', 1700), ('UHUGEINT', 1700), ('UINTEGER', 20), ('USMALLINT', 23), ('UTINYINT', 21), ('UUID', 2950), ('VARCHAR', 1043)) AS m(duckdb_type, oid) ON m.duckdb_type = c.base_type
  UNION ALL
  SELECT i.indexrelid, e.name, CAST(e.position AS SMALLINT), false, 0, -1, false, false, ''
  FROM sb_pg_index i, (SELECT unnest(i.sb_columns) AS name, generate_subscripts(i.sb_columns, 1) AS position) e) a
JOIN sb_pg_type t ON t.oid = CASE
  WHEN a.base_oid = 0 THEN COALESCE((SELECT b.atttypid FROM sb_pg_attribute_of_tables b, sb_pg_index i
      WHERE i.indexrelid = a.attrelid AND b.attrelid = i.indrelid AND b.attname = a.attname), 25)
  WHEN a.is_array THEN (SELECT e.typarray FROM sb_pg_type e WHERE e.oid = a.base_oid)
  ELSE a.base_oid END),
sb_pg_constraint AS (
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
WHERE k.constraint_type IN ('CHECK', 'UNIQUE', 'PRIMARY KEY', 'FOREIGN KEY') AND (k.database_name = current_database() OR (k.database_name = 'system' AND k.schema_name IN ('pg_catalog', 'information_schema'))))
SELECT current_database() AS "PKTABLE_CAT", pkn.nspname AS "PKTABLE_SCHEM", pkc.relname AS "PKTABLE_NAME", pka.attname AS "PKCOLUMN_NAME", current_database() AS "FKTABLE_CAT", fkn.nspname AS "FKTABLE_SCHEM", fkc.relname AS "FKTABLE_NAME", fka.attname AS "FKCOLUMN_NAME", pos.n AS "KEY_SEQ", CASE con.confupdtype  WHEN 'c' THEN 0 WHEN 'n' THEN 2 WHEN 'd' THEN 4 WHEN 'r' THEN 1 WHEN 'p' THEN 1 WHEN 'a' THEN 3 ELSE NULL END AS "UPDATE_RULE", CASE con.confdeltype  WHEN 'c' THEN 0 WHEN 'n' THEN 2 WHEN 'd' THEN 4 WHEN 'r' THEN 1 WHEN 'p' THEN 1 WHEN 'a' THEN 3 ELSE NULL END AS "DELETE_RULE", con.conname AS "FK_NAME", pkic.relname AS "PK_NAME", CASE  WHEN con.condeferrable AND con.condeferred THEN 5 WHEN con.condeferrable THEN 6 ELSE 7 END AS "DEFERRABILITY"  FROM  sb_pg_namespace pkn, sb_pg_class pkc, sb_pg_attribute pka,  sb_pg_namespace fkn, sb_pg_class fkc, sb_pg_attribute fka,  sb_pg_constraint con,  generate_series(1, 32) pos(n),  sb_pg_class pkic WHERE pkn.oid = pkc.relnamespace AND pkc.oid = pka.attrelid AND pka.attnum = con.confkey[pos.n] AND con.confrelid = pkc.oid  AND fkn.oid = fkc.relnamespace AND fkc.oid = fka.attrelid AND fka.attnum = con.conkey[pos.n] AND con.conrelid = fkc.oid  AND con.contype = 'f' AND (pkic.relkind = 'i' OR pkic.relkind = 'I') AND pkic.oid = con.conindid  AND pkn.nspname = $1 AND pkc.relname = $2 ORDER BY fkn.nspname,fkc.relname,con.conname,pos.n
