-- q14 for Trino: the published answer was computed in DOUBLE, while Trino's decimal division rounds to scale 6 (15.486546); the denominator is cast to DOUBLE, as the answer was computed.
SELECT 100.00 * sum(CASE
                    WHEN p_type LIKE 'PROMO%'
                      THEN l_extendedprice * (1 - l_discount)
                    ELSE 0
                    END) / CAST(sum(l_extendedprice * (1 - l_discount)) AS double) AS promo_revenue
FROM
  lineitem,
  part
WHERE
  l_partkey = p_partkey
  AND l_shipdate >= DATE '1995-09-01'
  AND l_shipdate < DATE '1995-09-01' + INTERVAL '1' MONTH
