-- Billing completeness: an agreement-month billed after its account's month was invoiced (a new
-- agreement in an invoiced month) gets a supplementary invoice of its own, numbered as any other.
-- The guard against double billing moves from the account-month to the charge: one CHARGE line
-- per agreement and month (day-rate usage is guarded by usage_record.invoice_id instead).
ALTER TABLE invoice DROP CONSTRAINT invoice_supplier_code_ccg_code_month_key;
ALTER TABLE invoice ADD COLUMN sequence INT NOT NULL DEFAULT 1 CHECK (sequence >= 1);
ALTER TABLE invoice ADD CONSTRAINT invoice_account_month_sequence UNIQUE (supplier_code, ccg_code, month, sequence);
CREATE UNIQUE INDEX invoice_line_one_charge ON invoice_line (agreement_id, period_month) WHERE kind = 'CHARGE' AND basis <> 'DAY_RATE';

-- An invoice's status follows its balance after credits as after payments; credits beyond what is
-- unpaid are a refund due to the commissioner, never a silent negative balance.
ALTER TABLE invoice DROP CONSTRAINT invoice_status_check;
ALTER TABLE invoice ADD CONSTRAINT invoice_status_check
    CHECK (status IN ('ISSUED', 'PART_PAID', 'PART_CREDITED', 'PAID', 'DISPUTED', 'CREDITED', 'REFUND_DUE'));
