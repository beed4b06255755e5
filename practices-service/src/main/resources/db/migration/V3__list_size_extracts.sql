-- Each list-size import is the complete national extract as of its EXTRACT_DATE (docs/design.md §4): which
-- practices of the register it holds, so that a member practice missing from the latest extract on or before a
-- date counts 0 on that date. A later import of the same extract date replaces the earlier one's practices.
-- No row here (databases from before this table): each practice's own latest list size counts, as before.
CREATE TABLE list_size_extract (
    extract_date   DATE        PRIMARY KEY,
    practices      INT         NOT NULL,
    total_patients BIGINT      NOT NULL,
    import_id      UUID,
    imported_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE list_size_extract_practice (
    extract_date  DATE       NOT NULL REFERENCES list_size_extract (extract_date) ON DELETE CASCADE,
    practice_code VARCHAR(6) NOT NULL REFERENCES practice (code),
    PRIMARY KEY (extract_date, practice_code)
);
