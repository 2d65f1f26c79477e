-- q18 in ClickHouse 18.16's dialect: one JOIN per SELECT on equal names (USING), so the
-- three-table join nests.
SELECT c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice, sum(l_quantity) AS quantity
FROM (
  SELECT l_orderkey AS o_orderkey, l_quantity
  FROM lineitem
  WHERE l_orderkey IN (SELECT l_orderkey FROM lineitem GROUP BY l_orderkey HAVING sum(l_quantity) > 300)
)
ALL INNER JOIN (
  SELECT o_orderkey, o_orderdate, o_totalprice, c_name, c_custkey
  FROM orders
  ALL INNER JOIN (SELECT c_custkey AS o_custkey, c_name, c_custkey FROM customer) USING o_custkey
) USING o_orderkey
GROUP BY c_name, c_custkey, o_orderkey, o_orderdate, o_totalprice
ORDER BY o_totalprice DESC, o_orderdate
LIMIT 100
