-- q3 in ClickHouse 18.16's dialect: one JOIN per SELECT, joined on equal names (USING),
-- so the three-table join nests; dates as toDate('...').
SELECT
  l_orderkey,
  sum(l_extendedprice * (1 - l_discount)) AS revenue,
  o_orderdate,
  o_shippriority
FROM lineitem
ALL INNER JOIN (
  SELECT o_orderkey AS l_orderkey, o_orderdate, o_shippriority
  FROM orders
  ALL INNER JOIN (SELECT c_custkey AS o_custkey FROM customer WHERE c_mktsegment = 'BUILDING') USING o_custkey
  WHERE o_orderdate < toDate('1995-03-15')
) USING l_orderkey
WHERE l_shipdate > toDate('1995-03-15')
GROUP BY l_orderkey, o_orderdate, o_shippriority
ORDER BY revenue DESC, o_orderdate
LIMIT 10
