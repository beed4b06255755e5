-- Platform tables, created in every service's own database by its Flyway run.

-- Transactional outbox: written in the business transaction, published by the relay.
CREATE TABLE outbox_event (
    seq         BIGSERIAL PRIMARY KEY,
    id          UUID        NOT NULL UNIQUE,
    topic       TEXT        NOT NULL,
    event_key   TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    envelope    TEXT        NOT NULL,
    request_id  TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at     TIMESTAMPTZ
);
CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE sent_at IS NULL;

-- Idempotent consumer: ids of events already applied, written with their effect.
CREATE TABLE inbox_event (
    event_id     UUID        PRIMARY KEY,
    topic        TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Idempotency-Key: the first answer to a money-relevant POST, replayed on a retry.
CREATE TABLE idempotency_key (
    scope           TEXT        NOT NULL,
    idem_key        TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    state           TEXT        NOT NULL CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    response_status INT,
    response_body   TEXT,
    location        TEXT,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at    TIMESTAMPTZ,
    PRIMARY KEY (scope, idem_key)
);
