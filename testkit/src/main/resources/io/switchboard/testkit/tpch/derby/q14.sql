-- q14 in Apache Derby's dialect (FlightSqlExample): date arithmetic (DATE 'd' + INTERVAL 'n' unit) folded into the resulting date; DATE 'd' literals written DATE('d').
-- The denominator is DOUBLE: the answer file was computed in DOUBLE ("types: DOUBLE") and
-- Derby's decimal division keeps the operands' scale (15.48).
SELECT 100.00 * sum(CASE
                    WHEN p_type LIKE 'PROMO%'
                      THEN l_extendedprice * (1 - l_discount)
                    ELSE 0
                    END) / CAST(sum(l_extendedprice * (1 - l_discount)) AS DOUBLE) AS promo_revenue
FROM
  lineitem,
  part
WHERE
  l_partkey = p_partkey
  AND l_shipdate >= DATE('1995-09-01')
  AND l_shipdate < DATE('1995-10-01')
