-- Acting on reconciliation: warnings are grouped by (held commissioner, file commissioner, date);
-- an operator applies a group (its practices move on that date) or dismisses it with a reason.
-- The unique key (practice, date, file commissioner) keeps a later import with the same picture
-- from adding the same warning again.
ALTER TABLE reconciliation_warning ADD COLUMN status TEXT NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'APPLIED', 'DISMISSED'));
ALTER TABLE reconciliation_warning ADD COLUMN resolution TEXT;
ALTER TABLE reconciliation_warning ADD COLUMN resolved_at TIMESTAMPTZ;
CREATE INDEX reconciliation_warning_groups ON reconciliation_warning (held_ccg_code, file_ccg_code, as_of);

-- What the allocation file says each practice's sub-ICB location is on 2022-07-01 (a list-size file's
-- commissioner is kept in list_size.file_ccg_code): a held commissioner whose placed practices all
-- go to one other is succeeded by it; practices no file places (closed, dormant) do not count.
CREATE TABLE file_commissioner (
    practice_code VARCHAR(6) NOT NULL,
    as_of         DATE       NOT NULL,
    ccg_code      VARCHAR(5) NOT NULL,
    import_id     UUID       NOT NULL, -- the import that said so last (no key: import jobs may be purged)
    PRIMARY KEY (practice_code, as_of)
);
