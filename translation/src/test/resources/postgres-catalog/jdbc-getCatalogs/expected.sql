WITH sb_pg_database AS (
SELECT d.database_oid AS oid, d.database_name AS datname, CAST(10 AS BIGINT) AS datdba, 6 AS encoding,
  'c' AS datlocprovider, false AS datistemplate, true AS datallowconn, -1 AS datconnlimit,
  CAST(0 AS BIGINT) AS dattablespace, 'C' AS datcollate, 'C' AS datctype, CAST(NULL AS VARCHAR) AS daticulocale,
  CAST(NULL AS VARCHAR) AS datcollversion, CAST(NULL AS VARCHAR[]) AS datacl
FROM duckdb_databases() d WHERE NOT d.internal)
SELECT datname AS "TABLE_CAT" FROM sb_pg_database AS pg_database WHERE datallowconn = true ORDER BY datname
