-- A billing account per commissioner, opened from practices.events.v1 (never read from practices' tables).
CREATE TABLE billing_account (
    ccg_code   VARCHAR(5) PRIMARY KEY,
    name       TEXT       NOT NULL,
    opened_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
