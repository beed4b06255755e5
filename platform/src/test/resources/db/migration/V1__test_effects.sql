-- what the test event handler applies: one row per applied event
CREATE TABLE test_effect (
    seq        BIGSERIAL PRIMARY KEY,
    event_id   UUID NOT NULL,
    subject    TEXT NOT NULL,
    n          INT  NOT NULL,
    request_id TEXT
);
-- what the idempotent test endpoint creates
CREATE TABLE test_order (
    id     BIGSERIAL PRIMARY KEY,
    amount TEXT NOT NULL
);
