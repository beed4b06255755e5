package uk.csx.contracts.domain;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A supplier of commissioning support: a CSU, an NHS trust, a local authority, a private or voluntary body. */
@Entity
@Table(name = "supplier")
public class Supplier {
    public enum Kind { CSU, NHS_TRUST, LOCAL_AUTHORITY, PRIVATE, VOLUNTARY }

    @Id
    private String code;
    private String name;
    @Enumerated(EnumType.STRING)
    private Kind kind;
    private String town;
    private String postcode;
    @Version
    private long version;

    protected Supplier() {
    }

    public Supplier(String code, String name, Kind kind, String town, String postcode) {
        this.code = code;
        this.name = name;
        this.kind = kind;
        this.town = town;
        this.postcode = postcode;
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

    public String town() {
        return town;
    }

    public String postcode() {
        return postcode;
    }
}
