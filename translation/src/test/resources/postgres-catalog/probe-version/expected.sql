SELECT ('PostgreSQL 15.0 (Switchboard) on DuckDB ' || version()) AS version
