CREATE TABLE region (r_regionkey INTEGER PRIMARY KEY, r_name VARCHAR NOT NULL UNIQUE, r_comment VARCHAR);
CREATE TABLE nation (n_nationkey INTEGER PRIMARY KEY, n_name VARCHAR NOT NULL, n_regionkey INTEGER NOT NULL REFERENCES region (r_regionkey), n_comment VARCHAR);
CREATE TABLE orders (o_orderkey BIGINT PRIMARY KEY, o_custkey BIGINT NOT NULL, o_orderstatus VARCHAR, o_totalprice DECIMAL(15,2), o_orderdate DATE);
CREATE TABLE lineitem (l_orderkey BIGINT NOT NULL REFERENCES orders (o_orderkey), l_linenumber INTEGER NOT NULL, l_quantity DECIMAL(15,2) CHECK (l_quantity >= 0), l_extendedprice DECIMAL(15,2), l_discount DECIMAL(15,2), l_returnflag VARCHAR DEFAULT 'N', l_shipdate DATE, l_comment VARCHAR, PRIMARY KEY (l_orderkey, l_linenumber));
CREATE INDEX lineitem_shipdate_idx ON lineitem (l_shipdate);
CREATE VIEW asian_nations AS SELECT n_nationkey, n_name FROM nation WHERE n_regionkey = 2;
CREATE SEQUENCE order_seq;
CREATE MACRO discount_price(price, discount) AS price * (1 - discount);
