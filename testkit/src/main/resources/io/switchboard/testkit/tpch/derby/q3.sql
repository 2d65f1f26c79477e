-- q3 in Apache Derby's dialect (FlightSqlExample): DATE 'd' literals written DATE('d'); LIMIT n written FETCH FIRST n ROWS ONLY.
SELECT
  l_orderkey,
  sum(l_extendedprice * (1 - l_discount)) AS revenue,
  o_orderdate,
  o_shippriority
FROM
  customer,
  orders,
  lineitem
WHERE
  c_mktsegment = 'BUILDING'
  AND c_custkey = o_custkey
  AND l_orderkey = o_orderkey
  AND o_orderdate < DATE('1995-03-15')
  AND l_shipdate > DATE('1995-03-15')
GROUP BY
  l_orderkey,
  o_orderdate,
  o_shippriority
ORDER BY
  revenue DESC,
  o_orderdate
FETCH FIRST 10 ROWS ONLY
