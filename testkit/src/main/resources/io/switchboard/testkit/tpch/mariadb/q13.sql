-- q13 in MariaDB's dialect: MariaDB 10.11 cannot name a derived table's columns in its alias, AS c_orders (c_custkey, c_count); the column is named inside instead, count(o_orderkey) AS c_count.
SELECT
  c_count,
  count(*) AS custdist
FROM (
       SELECT
         c_custkey,
         count(o_orderkey) AS c_count
       FROM
         customer
         LEFT OUTER JOIN orders ON
                                  c_custkey = o_custkey
                                  AND o_comment NOT LIKE '%special%requests%'
       GROUP BY
         c_custkey
     ) AS c_orders
GROUP BY
  c_count
ORDER BY
  custdist DESC,
  c_count DESC
