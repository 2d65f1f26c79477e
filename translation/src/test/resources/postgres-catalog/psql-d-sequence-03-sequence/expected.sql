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
sb_pg_sequence AS (
SELECT q.sequence_oid AS seqrelid, CAST(20 AS BIGINT) AS seqtypid, q.start_value AS seqstart,
  q.increment_by AS seqincrement, q.max_value AS seqmax, q.min_value AS seqmin, CAST(1 AS BIGINT) AS seqcache,
  q.cycle AS seqcycle
FROM duckdb_sequences() q WHERE (q.database_name = current_database() OR (q.database_name = 'system' AND q.schema_name IN ('pg_catalog', 'information_schema'))))
SELECT (SELECT sb_t.sb_format_name || CASE WHEN (NULL) >= 4 AND sb_t.sb_modifier = 'numeric' THEN '(' || (((NULL) - 4) // 65536) || ',' || (((NULL) - 4) % 65536) || ')' WHEN (NULL) >= 4 AND sb_t.sb_modifier = 'length' THEN '(' || ((NULL) - 4) || ')' ELSE '' END || CASE WHEN sb_t.typelem <> 0 THEN '[]' ELSE '' END FROM sb_pg_type sb_t WHERE sb_t.oid = (seqtypid)) AS "Type",
       seqstart AS "Start",
       seqmin AS "Minimum",
       seqmax AS "Maximum",
       seqincrement AS "Increment",
       CASE WHEN seqcycle THEN 'yes' ELSE 'no' END AS "Cycles?",
       seqcache AS "Cache"
FROM sb_pg_sequence AS pg_sequence
WHERE seqrelid = '16463';
