WITH sb_pg_namespace AS (
SELECT s.oid, s.schema_name AS nspname, CAST(10 AS BIGINT) AS nspowner, CAST(NULL AS VARCHAR[]) AS nspacl
FROM duckdb_schemas() s WHERE (s.database_name = current_database() OR (s.database_name = 'system' AND s.schema_name IN ('pg_catalog', 'information_schema'))))
SELECT n.nspname AS "Name",
  CAST(current_user AS VARCHAR) AS "Owner"
FROM sb_pg_namespace n
WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
ORDER BY 1;
