SELECT pg_catalog.pg_get_viewdef('16459'::pg_catalog.oid, true);
