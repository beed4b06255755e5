package uk.csx.contracts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.OffsetDateTime;

/** A kind of commissioning support bought on its own (docs/design.md §4). */
@Entity
@Table(name = "service_line")
public class ServiceLine {
    @Id
    private String code;
    private String name;
    private String description;
    @Column(name = "line_group")
    private String group;
    @Column(name = "retired_at")
    private OffsetDateTime retiredAt;
    @Version
    private long version;

    protected ServiceLine() {
    }

    public ServiceLine(String code, String name, String description, String group) {
        this.code = code;
        this.name = name;
        this.description = description;
        this.group = group;
    }

    public void retire() {
        if (retiredAt == null) {
            retiredAt = OffsetDateTime.now();
        }
    }

    public boolean retired() {
        return retiredAt != null;
    }

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String group() {
        return group;
    }

    public OffsetDateTime retiredAt() {
        return retiredAt;
    }
}
