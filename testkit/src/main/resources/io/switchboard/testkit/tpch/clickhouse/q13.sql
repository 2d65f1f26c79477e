-- q13 in ClickHouse 18.16's dialect: the outer join's extra condition on orders moves into a
-- subquery (the same rows join), the join is USING over a renamed column, and the derived
-- table's column list becomes aliases. count(o_orderkey) counts only matched orders: an
-- unmatched customer's o_orderkey is NULL because the joined key is Nullable.
SELECT c_count, count(*) AS custdist
FROM (
  SELECT c_custkey, count(o_orderkey) AS c_count
  FROM customer
  ALL LEFT JOIN (
    SELECT o_custkey AS c_custkey, toNullable(o_orderkey) AS o_orderkey
    FROM orders
    WHERE o_comment NOT LIKE '%special%requests%'
  ) USING c_custkey
  GROUP BY c_custkey
)
GROUP BY c_count
ORDER BY custdist DESC, c_count DESC
