package uk.csx.practices.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A group of one CCG's practices, typically 5–10 practices and 50,000–100,000 patients. */
@Entity
@Table(name = "locality")
public class Locality {
    public static final int FEWEST_PRACTICES = 5;
    public static final int MOST_PRACTICES = 10;
    public static final long SMALLEST_POPULATION = 50_000;
    public static final long LARGEST_POPULATION = 100_000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "ccg_code")
    private String ccgCode;
    private String name;
    @Column(name = "pcn_code")
    private String pcnCode;
    @Version
    private long version;

    protected Locality() {
    }

    public Locality(String ccgCode, String name, String pcnCode) {
        this.ccgCode = ccgCode;
        this.name = name;
        this.pcnCode = pcnCode;
    }

    public void rename(String newName) {
        this.name = newName;
    }

    public Long id() {
        return id;
    }

    public String ccgCode() {
        return ccgCode;
    }

    public String name() {
        return name;
    }

    public String pcnCode() {
        return pcnCode;
    }

    public long version() {
        return version;
    }
}
