-- q6 in ClickHouse 18.16's dialect: dates as toDate('...'), decimal literals as toDecimal64.
SELECT sum(l_extendedprice * l_discount) AS revenue
FROM lineitem
WHERE l_shipdate >= toDate('1994-01-01')
  AND l_shipdate < toDate('1994-01-01') + INTERVAL 1 YEAR
  AND l_discount BETWEEN toDecimal64('0.05', 2) AND toDecimal64('0.07', 2)
  AND l_quantity < 24
