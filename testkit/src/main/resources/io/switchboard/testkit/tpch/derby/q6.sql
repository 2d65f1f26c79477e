-- q6 in Apache Derby's dialect (FlightSqlExample): date arithmetic (DATE 'd' + INTERVAL 'n' unit) folded into the resulting date; DATE 'd' literals written DATE('d'); decimal 'x' literals written as plain decimal literals.
SELECT sum(l_extendedprice * l_discount) AS revenue
FROM
  lineitem
WHERE
  l_shipdate >= DATE('1994-01-01')
  AND l_shipdate < DATE('1995-01-01')
AND l_discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01
AND l_quantity < 24
