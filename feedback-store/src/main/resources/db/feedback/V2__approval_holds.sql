-- One row per query a guard put on hold for a person (io.switchboard.core.approval.HeldQuery).
-- state moves forward once, PENDING to APPROVED/REJECTED/EXPIRED/ABANDONED, by an UPDATE that
-- names the state it expects (compare-and-set); ran_at is set once by the same kind of UPDATE,
-- which is what lets an approved query run exactly once.
-- request_json keeps the request as it would run, SQL unredacted (it must run as written);
-- sql_text is the redacted text people read. Only held queries keep their full text, and only
-- here: the database file must not be readable by other users of the machine.
CREATE TABLE approval_holds (
    approval_id     VARCHAR     NOT NULL PRIMARY KEY,
    query_id        VARCHAR     NOT NULL,
    user_name       VARCHAR     NOT NULL,
    frontend        VARCHAR     NOT NULL,
    agent_id        VARCHAR,
    sql_text        VARCHAR     NOT NULL,
    request_json    JSON        NOT NULL,
    client_waits    BOOLEAN     NOT NULL,
    guard           VARCHAR     NOT NULL,
    reason          VARCHAR     NOT NULL,
    fingerprint     VARCHAR     NOT NULL,
    statement_kind  VARCHAR     NOT NULL,
    state           VARCHAR     NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    deadline        TIMESTAMPTZ NOT NULL,
    decided_by      VARCHAR,
    decided_at      TIMESTAMPTZ,
    comment         VARCHAR     NOT NULL,
    ran_at          TIMESTAMPTZ
);

CREATE INDEX approval_holds_query_id ON approval_holds (query_id);
