-- Version 1.6 (applied out of order on databases that already have a consumer's later versions).
-- The complete list-size extracts practices-service announced (practices.ListSizeSnapshotImported.v1) and
-- the practices each one holds, so that a practice missing from the latest extract on or before a date counts 0.
-- No row here (events from before the snapshot event existed): each practice's own latest list size counts, as before.
CREATE TABLE pp_list_size_extract (
    extract_date   DATE   PRIMARY KEY,
    practices      INT    NOT NULL,
    total_patients BIGINT NOT NULL
);

CREATE TABLE pp_list_size_extract_practice (
    extract_date  DATE       NOT NULL REFERENCES pp_list_size_extract (extract_date) ON DELETE CASCADE,
    practice_code VARCHAR(6) NOT NULL,
    PRIMARY KEY (extract_date, practice_code)
);
