package uk.csx.practices.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A long-running import (202 + this resource): its progress, counts, per-row errors and warnings. */
@Entity
@Table(name = "import_job")
public class ImportJob {
    public enum Kind { ODS_PRACTICES, LIST_SIZES, WEIGHTED_POPULATIONS, PRACTICE_MAPPINGS }

    public enum Status { RUNNING, COMPLETED, FAILED }

    @Id
    private UUID id;
    private String kind;
    private String status;
    @Column(name = "file_rows")
    private int fileRows;
    @Column(name = "rows_read")
    private int rowsRead;
    private int created;
    private int updated;
    private int unchanged;
    private int rejected;
    private String errors;
    private String missing;
    private int warnings;
    private String failure;
    @Column(name = "started_at")
    private OffsetDateTime startedAt;
    @Column(name = "finished_at")
    private OffsetDateTime finishedAt;

    protected ImportJob() {
    }

    public UUID id() {
        return id;
    }

    public Kind kind() {
        return Kind.valueOf(kind);
    }

    public Status status() {
        return Status.valueOf(status);
    }

    public int fileRows() {
        return fileRows;
    }

    public int rowsRead() {
        return rowsRead;
    }

    public int created() {
        return created;
    }

    public int updated() {
        return updated;
    }

    public int unchanged() {
        return unchanged;
    }

    public int rejected() {
        return rejected;
    }

    public String errorsJson() {
        return errors;
    }

    public String missingJson() {
        return missing;
    }

    public int warnings() {
        return warnings;
    }

    public String failure() {
        return failure;
    }

    public OffsetDateTime startedAt() {
        return startedAt;
    }

    public OffsetDateTime finishedAt() {
        return finishedAt;
    }
}
