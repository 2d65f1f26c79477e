WITH sb_pg_auth_members AS (
SELECT CAST(NULL AS BIGINT) AS roleid, CAST(NULL AS BIGINT) AS member, CAST(NULL AS BIGINT) AS grantor,
  CAST(NULL AS BOOLEAN) AS admin_option WHERE false),
sb_pg_roles AS (
SELECT CAST(current_user AS VARCHAR) AS rolname, true AS rolsuper, true AS rolinherit, true AS rolcreaterole,
  true AS rolcreatedb, true AS rolcanlogin, false AS rolreplication, -1 AS rolconnlimit, '********' AS rolpassword,
  CAST(NULL AS TIMESTAMPTZ) AS rolvaliduntil, false AS rolbypassrls, CAST(NULL AS VARCHAR[]) AS rolconfig,
  CAST(10 AS BIGINT) AS oid)
SELECT r.rolname, r.rolsuper, r.rolinherit,
  r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
  r.rolconnlimit, r.rolvaliduntil,
  ARRAY(SELECT b.rolname
        FROM sb_pg_auth_members m
        JOIN sb_pg_roles b ON (m.roleid = b.oid)
        WHERE m.member = r.oid) as memberof
, r.rolreplication
, r.rolbypassrls
FROM sb_pg_roles r
WHERE r.rolname !~ '^pg_'
ORDER BY 1;
