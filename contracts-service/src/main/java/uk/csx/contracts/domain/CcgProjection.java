package uk.csx.contracts.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What contracts-service knows of a commissioner, from practices-service's events. */
@Entity
@Table(name = "ccg_projection")
public class CcgProjection {
    @Id
    private String code;
    private String name;
    private String kind;

    protected CcgProjection() {
    }

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }
}
