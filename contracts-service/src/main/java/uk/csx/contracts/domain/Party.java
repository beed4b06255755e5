package uk.csx.contracts.domain;

/** The two parties to an agreement. Operators are neither: they cannot propose or answer for a party. */
public enum Party { CCG, SUPPLIER;

    public Party other() {
        return this == CCG ? SUPPLIER : CCG;
    }
}
