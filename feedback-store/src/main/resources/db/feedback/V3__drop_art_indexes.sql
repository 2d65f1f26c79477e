-- V1's ART indexes go. DuckDB writes a table's whole ART index again at every automatic
-- checkpoint, so the cost of recording a query grew with the number of records already kept:
-- measured on the 2-core machine with batches of 2000 full records, the time in COMMIT per record
-- rose from 9 µs at 0.5M rows to 27 µs at 6M and kept rising; without the indexes it stayed
-- between 7 and 15 µs.
-- Lookups by id now narrow the scan to the second the id was issued in (QueryId carries it), which
-- DuckDB's min-max zonemaps on received_at serve; see DuckDbFeedbackStore.findQuery.
DROP INDEX IF EXISTS query_records_fingerprint;
DROP INDEX IF EXISTS query_records_query_id;
