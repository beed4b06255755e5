-- Accounts a run could not price (a per-capita charge whose population is not known, or not yet
-- current): held with the reason, not invoiced, so that a later run bills them.
ALTER TABLE billing_run ADD COLUMN held INT NOT NULL DEFAULT 0;

CREATE TABLE billing_run_hold (
    run_id        UUID NOT NULL REFERENCES billing_run (id),
    supplier_code TEXT NOT NULL,
    ccg_code      TEXT NOT NULL,
    reason        TEXT NOT NULL,
    PRIMARY KEY (run_id, supplier_code, ccg_code)
);
