WITH sb_pg_namespace AS (
SELECT s.oid, s.schema_name AS nspname, CAST(10 AS BIGINT) AS nspowner, CAST(NULL AS VARCHAR[]) AS nspacl
FROM duckdb_schemas() s WHERE (s.database_name = current_database() OR (s.database_name = 'system' AND s.schema_name IN ('pg_catalog', 'information_schema'))))
SELECT nspname AS "TABLE_SCHEM", current_database() AS "TABLE_CATALOG" FROM sb_pg_namespace AS pg_namespace  WHERE nspname <> 'pg_toast' AND (nspname !~ '^pg_temp_'  OR nspname = (current_schemas(true))[1]) AND (nspname !~ '^pg_toast_temp_'  OR nspname = replace((current_schemas(true))[1], 'pg_temp_', 'pg_toast_temp_'))  ORDER BY "TABLE_SCHEM"
