-- Projection of practices-service's commissioners, kept from practices.events.v1 (never read from its tables).
CREATE TABLE ccg_projection (
    code       VARCHAR(5) PRIMARY KEY,
    name       TEXT       NOT NULL,
    kind       TEXT       NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
