-- q14 in ClickHouse 18.16's dialect: the join as USING over a renamed column, dates as
-- toDate('...'); computed in Float64, as the answer file says it was ("types: DOUBLE").
SELECT 100.00 * sum(CASE WHEN p_type LIKE 'PROMO%' THEN toFloat64(l_extendedprice * (1 - l_discount)) ELSE 0 END)
    / sum(toFloat64(l_extendedprice * (1 - l_discount))) AS promo_revenue
FROM lineitem
ALL INNER JOIN (SELECT p_partkey AS l_partkey, p_type FROM part) USING l_partkey
WHERE l_shipdate >= toDate('1995-09-01')
  AND l_shipdate < toDate('1995-09-01') + INTERVAL 1 MONTH
