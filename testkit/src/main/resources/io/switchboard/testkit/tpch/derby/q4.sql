-- q4 in Apache Derby's dialect (FlightSqlExample): date arithmetic (DATE 'd' + INTERVAL 'n' unit) folded into the resulting date; DATE 'd' literals written DATE('d').
SELECT
  o_orderpriority,
  count(*) AS order_count
FROM orders
WHERE
  o_orderdate >= DATE('1993-07-01')
  AND o_orderdate < DATE('1993-10-01')
AND EXISTS (
SELECT *
FROM lineitem
WHERE
l_orderkey = o_orderkey
AND l_commitdate < l_receiptdate
)
GROUP BY
o_orderpriority
ORDER BY
o_orderpriority
