WITH sb_pg_settings AS (
SELECT p.name, p.setting, CAST(NULL AS VARCHAR) AS unit, 'Preset Options' AS category, p.short_desc,
  CAST(NULL AS VARCHAR) AS extra_desc, 'internal' AS context, p.vartype, 'default' AS source,
  CAST(NULL AS VARCHAR) AS min_val, CAST(NULL AS VARCHAR) AS max_val, CAST(NULL AS VARCHAR[]) AS enumvals,
  p.setting AS boot_val, p.setting AS reset_val, CAST(NULL AS VARCHAR) AS sourcefile, CAST(NULL AS INTEGER) AS sourceline,
  false AS pending_restart
FROM (VALUES ('max_index_keys', '32', 'Shows the maximum number of index keys.', 'integer'),
  ('max_identifier_length', '63', 'Shows the maximum identifier length.', 'integer'),
  ('server_encoding', 'UTF8', 'Shows the server (database) character set encoding.', 'string'),
  ('integer_datetimes', 'on', 'Shows whether datetimes are integer based.', 'bool'),
  ('standard_conforming_strings', 'on', 'Causes ''...'' strings to treat backslashes literally.', 'bool'))
  AS p(name, setting, short_desc, vartype)
UNION ALL
SELECT s.name, s.value, NULL, 'DuckDB', s.description, NULL, 'user',
  CASE WHEN s.input_type = 'VARCHAR' THEN 'string' WHEN s.input_type = 'BOOLEAN' THEN 'bool'
       WHEN s.input_type IN ('BIGINT', 'UBIGINT', 'INTEGER', 'UINTEGER') THEN 'integer' ELSE 'string' END,
  'default', NULL, NULL, NULL, s.value, s.value, NULL, NULL, false
FROM duckdb_settings() s)
SELECT name, setting FROM sb_pg_settings AS pg_settings WHERE name IN ('max_identifier_length', 'standard_conforming_strings') ORDER BY name
