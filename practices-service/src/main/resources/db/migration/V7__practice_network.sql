-- A practice's primary care network from a date, as the practice mapping file published it. Only
-- changes are recorded, so a practice's network on a date is its latest row on or before it (the
-- weighted-population file's PCN columns answer where no mapping file has named one).
CREATE TABLE practice_network (
    practice_code VARCHAR(6) NOT NULL REFERENCES practice (code),
    effective_from DATE      NOT NULL,
    pcn_code      TEXT       NOT NULL,
    pcn_name      TEXT,
    PRIMARY KEY (practice_code, effective_from)
);
