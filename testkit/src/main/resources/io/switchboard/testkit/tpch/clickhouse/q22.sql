-- q22 in ClickHouse 18.16's dialect: the correlated NOT EXISTS becomes the equivalent
-- NOT IN over the customer keys of orders (never NULL); substr is substring. The balance is
-- compared with the average in Float64: 18.16 cannot compare Decimal(15, 2) with the
-- Decimal128 a scalar subquery returns.
SELECT cntrycode, count(*) AS numcust, sum(c_acctbal) AS totacctbal
FROM (
  SELECT substring(c_phone, 1, 2) AS cntrycode, c_acctbal
  FROM customer
  WHERE substring(c_phone, 1, 2) IN ('13', '31', '23', '29', '30', '18', '17')
    AND toFloat64(c_acctbal) > (
      SELECT avg(toFloat64(c_acctbal))
      FROM customer
      WHERE c_acctbal > 0 AND substring(c_phone, 1, 2) IN ('13', '31', '23', '29', '30', '18', '17')
    )
    AND c_custkey NOT IN (SELECT o_custkey FROM orders)
)
GROUP BY cntrycode
ORDER BY cntrycode
