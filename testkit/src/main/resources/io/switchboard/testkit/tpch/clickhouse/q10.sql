-- q10 in ClickHouse 18.16's dialect: one JOIN per SELECT on equal names (USING), so the
-- four-table join nests; dates as toDate('...').
SELECT
  c_custkey,
  c_name,
  sum(revenue) AS revenue,
  c_acctbal,
  n_name,
  c_address,
  c_phone,
  c_comment
FROM (
  SELECT c_custkey, c_name, c_acctbal, c_phone, c_address, c_comment, revenue, c_nationkey AS n_nationkey
  FROM customer
  ALL INNER JOIN (
    SELECT o_custkey AS c_custkey, l_extendedprice * (1 - l_discount) AS revenue
    FROM lineitem
    ALL INNER JOIN (
      SELECT o_orderkey AS l_orderkey, o_custkey
      FROM orders
      WHERE o_orderdate >= toDate('1993-10-01') AND o_orderdate < toDate('1993-10-01') + INTERVAL 3 MONTH
    ) USING l_orderkey
    WHERE l_returnflag = 'R'
  ) USING c_custkey
)
ALL INNER JOIN (SELECT n_nationkey, n_name FROM nation) USING n_nationkey
GROUP BY c_custkey, c_name, c_acctbal, c_phone, n_name, c_address, c_comment
ORDER BY revenue DESC
LIMIT 20
