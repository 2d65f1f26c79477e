WITH sb_pg_database AS (
SELECT d.database_oid AS oid, d.database_name AS datname, CAST(10 AS BIGINT) AS datdba, 6 AS encoding,
  'c' AS datlocprovider, false AS datistemplate, true AS datallowconn, -1 AS datconnlimit,
  CAST(0 AS BIGINT) AS dattablespace, 'C' AS datcollate, 'C' AS datctype, CAST(NULL AS VARCHAR) AS daticulocale,
  CAST(NULL AS VARCHAR) AS datcollversion, CAST(NULL AS VARCHAR[]) AS datacl
FROM duckdb_databases() d WHERE NOT d.internal)
SELECT d.datname as "Name",
       CAST(current_user AS VARCHAR) as "Owner",
       CASE WHEN (d.encoding) = 6 THEN 'UTF8' ELSE '' END as "Encoding",
       d.datcollate as "Collate",
       d.datctype as "Ctype",
       d.daticulocale as "ICU Locale",
       CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END AS "Locale Provider",
       array_to_string(d.datacl, E'\n') AS "Access privileges"
FROM sb_pg_database d
ORDER BY 1;
