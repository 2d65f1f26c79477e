WITH sb_pg_proc AS (
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
WHERE NOT f.internal AND f.database_name = current_database()),
sb_pg_namespace AS (
SELECT s.oid, s.schema_name AS nspname, CAST(10 AS BIGINT) AS nspowner, CAST(NULL AS VARCHAR[]) AS nspacl
FROM duckdb_schemas() s WHERE (s.database_name = current_database() OR (s.database_name = 'system' AND s.schema_name IN ('pg_catalog', 'information_schema'))))
SELECT n.nspname as "Schema",
  p.proname as "Name",
  (SELECT sb_p.sb_result FROM sb_pg_proc sb_p WHERE sb_p.oid = (p.oid)) as "Result data type",
  (SELECT sb_p.sb_arguments FROM sb_pg_proc sb_p WHERE sb_p.oid = (p.oid)) as "Argument data types",
 CASE p.prokind
  WHEN 'a' THEN 'agg'
  WHEN 'w' THEN 'window'
  WHEN 'p' THEN 'proc'
  ELSE 'func'
 END as "Type"
FROM sb_pg_proc p
     LEFT JOIN sb_pg_namespace n ON n.oid = p.pronamespace
WHERE pg_function_is_visible(p.oid)
      AND n.nspname <> 'pg_catalog'
      AND n.nspname <> 'information_schema'
ORDER BY 1, 2, 4;
