-- Audit trail: who changed what, when, by which request, written in the transaction of the change.
-- Shipped by the platform, so it may run after a service's own later versions (out-of-order is on).
CREATE TABLE audit_event (
    id            BIGSERIAL   PRIMARY KEY,
    resource_type TEXT        NOT NULL,
    resource_id   TEXT        NOT NULL,
    action        TEXT        NOT NULL,
    client_id     TEXT,
    role          TEXT,
    org           TEXT,
    on_behalf_reason TEXT,
    request_id    TEXT,
    changes       TEXT        NOT NULL,
    at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_event_resource ON audit_event (resource_type, resource_id, id);
