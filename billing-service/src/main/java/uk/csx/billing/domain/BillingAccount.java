package uk.csx.billing.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** The account a commissioner is invoiced on, opened when practices-service registers it. */
@Entity
@Table(name = "billing_account")
public class BillingAccount {
    @Id
    @Column(name = "ccg_code")
    private String ccgCode;
    private String name;

    protected BillingAccount() {
    }

    public String ccgCode() {
        return ccgCode;
    }

    public String name() {
        return name;
    }
}
