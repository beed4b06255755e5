package uk.csx.practices.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.LocalDate;

/**
 * A GP practice or other prescribing cost centre from the ODS register. Only prescribing
 * setting 4 is a GP practice; closed, dormant and proposed ones are kept with their status.
 */
@Entity
@Table(name = "practice")
public class Practice {
    public static final int GP_PRACTICE = 4;

    @Id
    private String code;
    private String name;
    private String address;
    private String postcode;
    @Column(name = "open_date")
    private LocalDate openDate;
    @Column(name = "close_date")
    private LocalDate closeDate;
    private String status;
    @Column(name = "prescribing_setting")
    private int prescribingSetting;
    private String telephone;
    @Version
    private long version;

    protected Practice() {
    }

    public String code() {
        return code;
    }

    public String name() {
        return name;
    }

    public String address() {
        return address;
    }

    public String postcode() {
        return postcode;
    }

    public LocalDate openDate() {
        return openDate;
    }

    public LocalDate closeDate() {
        return closeDate;
    }

    public String status() {
        return status;
    }

    public int prescribingSetting() {
        return prescribingSetting;
    }

    public String telephone() {
        return telephone;
    }

    public long version() {
        return version;
    }
}
