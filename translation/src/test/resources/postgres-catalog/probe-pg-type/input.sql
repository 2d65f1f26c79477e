SELECT oid, typname FROM pg_catalog.pg_type WHERE typname IN ('int4', 'numeric', 'varchar', 'date') ORDER BY oid
