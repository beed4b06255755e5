-- Commissioners: CCGs, and since 2022 sub-ICB locations and ICBs (codes of 3 to 5 characters).
CREATE TABLE commissioner (
    code       VARCHAR(5)   PRIMARY KEY,
    name       TEXT         NOT NULL,
    kind       TEXT         NOT NULL CHECK (kind IN ('CCG', 'SUB_ICB_LOCATION', 'ICB')),
    open_date  DATE,
    close_date DATE,
    version    BIGINT       NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CHECK (close_date IS NULL OR open_date IS NULL OR close_date >= open_date)
);
