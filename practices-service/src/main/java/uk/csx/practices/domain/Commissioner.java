package uk.csx.practices.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.LocalDate;

/** A CCG (or, since July 2022, a sub-ICB location, an ICB or a region) whose member practices it commissions for. */
@Entity
@Table(name = "commissioner")
public class Commissioner {
    public enum Kind { CCG, SUB_ICB_LOCATION, ICB, REGION }

    @Id
    private String code;
    private String name;
    @Enumerated(EnumType.STRING)
    private Kind kind;
    @Column(name = "open_date")
    private LocalDate openDate;
    @Column(name = "close_date")
    private LocalDate closeDate;
    @Version
    private long version;

    protected Commissioner() {
    }

    public Commissioner(String code, String name, Kind kind, LocalDate openDate, LocalDate closeDate) {
        this.code = code;
        this.name = name;
        this.kind = kind;
        this.openDate = openDate;
        this.closeDate = closeDate;
    }

    public void rename(String newName) {
        this.name = newName;
    }

    /** Closes it on the date (its last day is the day before); refused before it opened. */
    public void close(LocalDate on) {
        if (openDate != null && on.isBefore(openDate)) {
            throw new IllegalArgumentException("closeDate: " + on + " is before it opened (" + openDate + ")");
        }
        this.closeDate = on;
    }

    /** The kind its parent must be: a sub-ICB location's (or CCG's) is an ICB, an ICB's a region; a region has none. */
    public Kind parentKind() {
        return switch (kind) {
            case CCG, SUB_ICB_LOCATION -> Kind.ICB;
            case ICB -> Kind.REGION;
            case REGION -> null;
        };
    }

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public LocalDate openDate() {
        return openDate;
    }

    public LocalDate closeDate() {
        return closeDate;
    }

    public long version() {
        return version;
    }
}
