CREATE EXTENSION IF NOT EXISTS btree_gist;

-- The service-line catalogue (DESIGN.md §4); operators add and retire lines.
CREATE TABLE service_line (
    code        TEXT        PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z0-9_]{2,59}$'),
    name        TEXT        NOT NULL,
    description TEXT        NOT NULL,
    line_group  TEXT        NOT NULL,
    retired_at  TIMESTAMPTZ,
    version     BIGINT      NOT NULL DEFAULT 0
);

INSERT INTO service_line (code, name, description, line_group) VALUES
 ('BUSINESS_INTELLIGENCE', 'Business intelligence', 'Data warehousing, analysis and reporting for commissioning decisions', 'END_TO_END'),
 ('CONTRACT_MANAGEMENT', 'Contract management', 'Managing provider contracts, performance and activity challenges', 'END_TO_END'),
 ('PROCUREMENT', 'Procurement', 'Procuring healthcare services under the procurement rules', 'END_TO_END'),
 ('FINANCIAL_MANAGEMENT', 'Financial management', 'Financial planning, accounting and reporting', 'CORPORATE'),
 ('HR_AND_OD', 'HR and organisational development', 'Human resources and organisational development', 'CORPORATE'),
 ('MEDICINES_OPTIMISATION', 'Medicines optimisation', 'Medicines management and prescribing support', 'MEDICINES_MANAGEMENT'),
 ('INDIVIDUAL_FUNDING_REQUESTS', 'Individual funding requests', 'Case management of individual funding requests', 'IFR_CASE_MANAGEMENT'),
 ('CONTINUING_HEALTHCARE', 'Continuing healthcare', 'Assessment and case management of NHS continuing healthcare', 'CLINICAL'),
 ('COMMUNICATIONS_AND_ENGAGEMENT', 'Communications and engagement', 'Public, patient and stakeholder communications', 'CORPORATE'),
 ('CORPORATE_GOVERNANCE', 'Corporate governance', 'Board, committee and assurance support', 'CORPORATE'),
 ('INFORMATION_GOVERNANCE', 'Information governance', 'Data protection, records and information security', 'CORPORATE'),
 ('IT_SERVICES', 'IT services', 'Desktop, infrastructure and GP IT services', 'END_TO_END'),
 ('SERVICE_REDESIGN', 'Service redesign', 'Transformation and redesign of care pathways', 'END_TO_END'),
 ('OUTCOMES_BASED_CONTRACTING_SUPPORT', 'Outcomes-based contracting support', 'Designing and running outcome-based contracts', 'CLINICAL');

-- Suppliers of commissioning support: CSUs and others.
CREATE TABLE supplier (
    code     TEXT   PRIMARY KEY CHECK (code ~ '^[A-Z0-9]{3,6}$'),
    name     TEXT   NOT NULL,
    kind     TEXT   NOT NULL CHECK (kind IN ('CSU', 'NHS_TRUST', 'LOCAL_AUTHORITY', 'PRIVATE', 'VOLUNTARY')),
    town     TEXT,
    postcode TEXT,
    version  BIGINT NOT NULL DEFAULT 0
);

-- Published prices. A newer offer of a supplier for a line supersedes the older from its valid-from date.
CREATE TABLE offer (
    id                BIGSERIAL     PRIMARY KEY,
    supplier_code     TEXT          NOT NULL REFERENCES supplier (code),
    service_line_code TEXT          NOT NULL REFERENCES service_line (code),
    basis             TEXT          NOT NULL CHECK (basis IN ('PER_CAPITA', 'FIXED_ANNUAL', 'DAY_RATE')),
    unit_price        NUMERIC(14, 4) NOT NULL CHECK (unit_price >= 0),
    vat_rate          NUMERIC(5, 2)  NOT NULL CHECK (vat_rate IN (0, 20)),
    valid_from        DATE          NOT NULL,
    valid_to          DATE,
    description       TEXT          NOT NULL,
    service_levels    TEXT,
    published_at      TIMESTAMPTZ   NOT NULL DEFAULT now(),
    CHECK (valid_to IS NULL OR valid_to > valid_from),
    EXCLUDE USING gist (supplier_code WITH =, service_line_code WITH =, daterange(valid_from, valid_to) WITH &&)
);

-- Support agreements: a CCG buys one service line from one supplier.
CREATE TABLE agreement (
    id                UUID          PRIMARY KEY,
    ccg_code          VARCHAR(5)    NOT NULL,
    supplier_code     TEXT          NOT NULL REFERENCES supplier (code),
    service_line_code TEXT          NOT NULL REFERENCES service_line (code),
    offer_id          BIGINT        NOT NULL REFERENCES offer (id),
    basis             TEXT          NOT NULL,
    unit_price        NUMERIC(14, 4) NOT NULL CHECK (unit_price >= 0),
    vat_rate          NUMERIC(5, 2)  NOT NULL,
    negotiated        BOOLEAN       NOT NULL,
    po_number         TEXT          NOT NULL,
    start_date        DATE          NOT NULL,
    end_date          DATE          NOT NULL,
    term_months       INT           NOT NULL CHECK (term_months BETWEEN 1 AND 120),
    notice_months     INT           NOT NULL CHECK (notice_months BETWEEN 0 AND 24),
    status            TEXT          NOT NULL CHECK (status IN ('DRAFT', 'SIGNED', 'TERMINATED', 'WITHDRAWN')),
    terminated_by     TEXT,
    termination_reason TEXT,
    version           BIGINT        NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ   NOT NULL DEFAULT now(),
    signed_at         TIMESTAMPTZ,
    CHECK (end_date > start_date),
    -- at most one live agreement per CCG + supplier + service line at any time
    EXCLUDE USING gist (ccg_code WITH =, supplier_code WITH =, service_line_code WITH =, daterange(start_date, end_date) WITH &&)
        WHERE (status <> 'WITHDRAWN')
);
CREATE INDEX agreement_ccg ON agreement (ccg_code);
CREATE INDEX agreement_supplier ON agreement (supplier_code);

-- Terms over time: version 1 at signing, one more per variation (price or end date) from its effective date.
CREATE TABLE agreement_version (
    agreement_id   UUID           NOT NULL REFERENCES agreement (id),
    version_no     INT            NOT NULL,
    effective_from DATE           NOT NULL,
    unit_price     NUMERIC(14, 4) NOT NULL,
    end_date       DATE           NOT NULL,
    reason         TEXT           NOT NULL,
    created_at     TIMESTAMPTZ    NOT NULL DEFAULT now(),
    PRIMARY KEY (agreement_id, version_no)
);
