-- Agreement terms from contracts.events.v1 (never read from contracts' tables).
CREATE TABLE billing_agreement (
    agreement_id         UUID           PRIMARY KEY,
    terms_version        INT            NOT NULL,
    status               TEXT           NOT NULL,
    ccg_code             VARCHAR(5)     NOT NULL,
    supplier_code        TEXT           NOT NULL,
    service_line_code    TEXT           NOT NULL,
    basis                TEXT           NOT NULL,
    unit_price           NUMERIC(14, 4) NOT NULL,
    published_unit_price NUMERIC(14, 4) NOT NULL,
    vat_rate             NUMERIC(5, 2)  NOT NULL,
    start_date           DATE           NOT NULL,
    end_date             DATE           NOT NULL,
    negotiated           BOOLEAN        NOT NULL,
    po_number            TEXT           NOT NULL
);
CREATE INDEX billing_agreement_account ON billing_agreement (supplier_code, ccg_code);

-- The price over time: a variation's price applies to months starting on or after its date.
CREATE TABLE billing_agreement_price (
    agreement_id   UUID           NOT NULL,
    terms_version  INT            NOT NULL,
    effective_from DATE           NOT NULL,
    unit_price     NUMERIC(14, 4) NOT NULL,
    PRIMARY KEY (agreement_id, terms_version)
);

-- Day-rate usage submitted by suppliers, in half days; corrections are new records with a reason.
CREATE TABLE usage_record (
    id           BIGSERIAL     PRIMARY KEY,
    agreement_id UUID          NOT NULL REFERENCES billing_agreement (agreement_id),
    month        DATE          NOT NULL CHECK (extract(day FROM month) = 1),
    days         NUMERIC(7, 1) NOT NULL CHECK (days * 2 = trunc(days * 2)),
    reason       TEXT,
    submitted_by TEXT          NOT NULL,
    submitted_at TIMESTAMPTZ   NOT NULL DEFAULT now(),
    invoice_id   UUID
);
CREATE INDEX usage_uninvoiced ON usage_record (agreement_id) WHERE invoice_id IS NULL;

-- Gapless document numbers per supplier and kind: the row lock serialises, a rollback returns the number.
CREATE TABLE document_sequence (
    supplier_code TEXT NOT NULL,
    kind          TEXT NOT NULL,
    last_number   BIGINT NOT NULL,
    PRIMARY KEY (supplier_code, kind)
);

CREATE TABLE billing_run (
    id            UUID        PRIMARY KEY,
    month         DATE        NOT NULL,
    dry_run       BOOLEAN     NOT NULL,
    status        TEXT        NOT NULL,
    accounts      INT         NOT NULL DEFAULT 0,
    invoices      INT         NOT NULL DEFAULT 0,
    credit_notes  INT         NOT NULL DEFAULT 0,
    skipped       INT         NOT NULL DEFAULT 0,
    preview       TEXT,
    failure       TEXT,
    started_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at   TIMESTAMPTZ
);

-- One invoice per supplier + CCG + month: the unique key is the last guard against double billing.
CREATE TABLE invoice (
    id            UUID        PRIMARY KEY,
    number        TEXT        NOT NULL UNIQUE,
    supplier_code TEXT        NOT NULL,
    ccg_code      VARCHAR(5)  NOT NULL,
    month         DATE        NOT NULL,
    run_id        UUID        NOT NULL REFERENCES billing_run (id),
    net_pence     BIGINT      NOT NULL,
    vat_pence     BIGINT      NOT NULL,
    gross_pence   BIGINT      NOT NULL,
    paid_pence    BIGINT      NOT NULL DEFAULT 0,
    credited_pence BIGINT     NOT NULL DEFAULT 0,
    status        TEXT        NOT NULL CHECK (status IN ('ISSUED', 'PART_PAID', 'PAID', 'DISPUTED', 'CREDITED')),
    dispute_reason TEXT,
    issued_on     DATE        NOT NULL,
    version       BIGINT      NOT NULL DEFAULT 0,
    UNIQUE (supplier_code, ccg_code, month)
);
CREATE INDEX invoice_ccg ON invoice (ccg_code, month);

CREATE TABLE invoice_line (
    id                BIGSERIAL      PRIMARY KEY,
    invoice_id        UUID           NOT NULL REFERENCES invoice (id),
    agreement_id      UUID           NOT NULL,
    kind              TEXT           NOT NULL CHECK (kind IN ('CHARGE', 'ADJUSTMENT')),
    service_line_code TEXT           NOT NULL,
    period_month      DATE           NOT NULL,
    description       TEXT           NOT NULL,
    po_number         TEXT           NOT NULL,
    basis             TEXT           NOT NULL,
    unit_price        NUMERIC(14, 4) NOT NULL,
    quantity          NUMERIC(16, 6) NOT NULL,
    net_pence         BIGINT         NOT NULL,
    vat_rate          NUMERIC(5, 2)  NOT NULL,
    vat_pence         BIGINT         NOT NULL,
    gross_pence       BIGINT         NOT NULL
);
CREATE INDEX invoice_line_agreement ON invoice_line (agreement_id, period_month);

CREATE TABLE credit_note (
    id            UUID        PRIMARY KEY,
    number        TEXT        NOT NULL UNIQUE,
    invoice_id    UUID        NOT NULL REFERENCES invoice (id),
    invoice_line_id BIGINT    REFERENCES invoice_line (id),
    run_id        UUID        REFERENCES billing_run (id),
    reason        TEXT        NOT NULL,
    net_pence     BIGINT      NOT NULL CHECK (net_pence > 0),
    vat_pence     BIGINT      NOT NULL,
    gross_pence   BIGINT      NOT NULL,
    issued_on     DATE        NOT NULL
);

CREATE TABLE payment (
    id          UUID        PRIMARY KEY,
    invoice_id  UUID        NOT NULL REFERENCES invoice (id),
    amount_pence BIGINT     NOT NULL CHECK (amount_pence > 0),
    received_on DATE        NOT NULL,
    reference   TEXT,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
