-- q6 in MariaDB's dialect: the typed literals decimal '0.06' and decimal '0.01', which MariaDB does not know, written as the plain decimal literals 0.06 and 0.01 (MariaDB types them DECIMAL too).
SELECT sum(l_extendedprice * l_discount) AS revenue
FROM
  lineitem
WHERE
  l_shipdate >= DATE '1994-01-01'
  AND l_shipdate < DATE '1994-01-01' + INTERVAL '1' YEAR
AND l_discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01
AND l_quantity < 24
