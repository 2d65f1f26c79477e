CREATE TABLE region (r_regionkey INTEGER PRIMARY KEY, r_name VARCHAR(25) NOT NULL UNIQUE, r_comment VARCHAR(152));
CREATE TABLE nation (n_nationkey INTEGER PRIMARY KEY, n_name VARCHAR(25) NOT NULL, n_regionkey INTEGER NOT NULL REFERENCES region (r_regionkey), n_comment VARCHAR(152));
CREATE TABLE orders (o_orderkey BIGINT PRIMARY KEY, o_custkey BIGINT NOT NULL, o_orderstatus CHAR(1), o_totalprice DECIMAL(15,2), o_orderdate DATE);
CREATE TABLE lineitem (l_orderkey BIGINT NOT NULL REFERENCES orders (o_orderkey), l_linenumber INTEGER NOT NULL, l_quantity DECIMAL(15,2) CHECK (l_quantity >= 0), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), l_returnflag CHAR(1) DEFAULT 'N', l_shipdate DATE, l_comment VARCHAR(44), PRIMARY KEY (l_orderkey, l_linenumber));
CREATE INDEX lineitem_shipdate_idx ON lineitem (l_shipdate);
CREATE VIEW asian_nations AS SELECT n_nationkey, n_name FROM nation WHERE n_regionkey = 2;
CREATE SEQUENCE order_seq;
CREATE FUNCTION discount_price(price NUMERIC, discount NUMERIC) RETURNS NUMERIC LANGUAGE sql AS 'SELECT price * (1 - discount)';
