package uk.csx.contracts.domain;

/** How an offer's unit price becomes a charge (docs/design.md §5). */
public enum PricingBasis {
    /** per registered patient per year */
    PER_CAPITA,
    /** a fee per year */
    FIXED_ANNUAL,
    /** per day delivered */
    DAY_RATE
}
