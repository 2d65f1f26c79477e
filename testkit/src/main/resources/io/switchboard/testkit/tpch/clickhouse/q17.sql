-- q17 in ClickHouse 18.16's dialect: the correlated subquery (the part's average quantity)
-- becomes a join with the averages per part, USING over renamed columns; 0.2 is a Decimal
-- and the final division by 7.0 is in Float64 (18.16 does not mix Decimal and Float64).
-- SQL's sum is NULL over no rows, ClickHouse's 0: the if() gives the SQL answer.
SELECT if(count() = 0, NULL, toFloat64(sum(l_extendedprice)) / 7.0) AS avg_yearly
FROM (
  SELECT l_partkey, l_quantity, l_extendedprice
  FROM lineitem
  ALL INNER JOIN (SELECT p_partkey AS l_partkey FROM part WHERE p_brand = 'Brand#23' AND p_container = 'MED BOX')
    USING l_partkey
)
ALL INNER JOIN (SELECT l_partkey, avg(l_quantity) * toDecimal64('0.2', 1) AS limit_quantity FROM lineitem GROUP BY l_partkey) USING l_partkey
WHERE l_quantity < limit_quantity
