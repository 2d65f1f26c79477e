-- One row per query, every field of io.switchboard.core.feedback.QueryRecord.
-- Nested values (verdicts, routing trace, stage timings) are JSON so that a new guard or stage
-- needs no migration; the columns routers and Studio filter on are plain columns.
CREATE TABLE query_records (
    query_id           VARCHAR     NOT NULL,
    received_at        TIMESTAMPTZ NOT NULL,
    user_name          VARCHAR     NOT NULL,
    frontend           VARCHAR     NOT NULL,
    client_address     VARCHAR,
    database_name      VARCHAR,
    sql_text           VARCHAR     NOT NULL,
    fingerprint        VARCHAR     NOT NULL,
    statement_kind     VARCHAR     NOT NULL,
    verdicts           JSON        NOT NULL,
    routing_trace      JSON,
    group_name         VARCHAR,
    cluster_name       VARCHAR,
    engine             VARCHAR,
    translation_status VARCHAR,
    translation_reason VARCHAR     NOT NULL,
    stage_timings      JSON        NOT NULL,
    elapsed_us         BIGINT      NOT NULL,
    rows               BIGINT      NOT NULL,
    bytes              BIGINT      NOT NULL,
    outcome            VARCHAR     NOT NULL,
    error_code         VARCHAR,
    error_message      VARCHAR,
    agent_id           VARCHAR,
    conversation_id    VARCHAR,
    step_index         INTEGER,
    tool_call_id       VARCHAR,
    intent             VARCHAR
);

-- The adaptive router reads statistics per shape and Studio opens one query by id: both are
-- point lookups, which ART indexes serve. Time (Studio's recent list, time windows) needs no ART
-- index: rows arrive nearly in time order, so DuckDB's automatic min-max zonemaps on received_at
-- skip whole row groups, and an ART index serves neither ranges nor ORDER BY ... LIMIT (measured
-- at 3M rows: top-50 no faster, a range count slower). No uniqueness constraint on query_id: a
-- duplicate id (a frontend bug) must not make the whole batch it arrived in fail.
CREATE INDEX query_records_fingerprint ON query_records (fingerprint);
CREATE INDEX query_records_query_id ON query_records (query_id);
