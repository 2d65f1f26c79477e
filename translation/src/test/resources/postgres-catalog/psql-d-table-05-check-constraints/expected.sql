WITH sb_pg_constraint AS (
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
SELECT r.conname, pg_get_constraintdef(r.oid, true) AS pg_get_constraintdef
FROM sb_pg_constraint r
WHERE r.conrelid = '16446' AND r.contype = 'c'
ORDER BY 1;
