package uk.csx.contracts.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.UUID;

/** An outcome-based care contract as signed; its terms are a JSON document of {@link CareContractTerms}. */
@Entity
@Table(name = "care_contract")
public class CareContract {
    @Id
    private UUID id;
    @Column(name = "ccg_code")
    private String ccgCode;
    private String model;
    private String pathway;
    private String terms;

    protected CareContract() {
    }

    public CareContract(UUID id, String ccgCode, String model, String pathway, String terms) {
        this.id = id;
        this.ccgCode = ccgCode;
        this.model = model;
        this.pathway = pathway;
        this.terms = terms;
    }

    public UUID id() {
        return id;
    }

    public String ccgCode() {
        return ccgCode;
    }

    public String termsJson() {
        return terms;
    }
}
