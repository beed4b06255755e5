package uk.csx.platform.security;

import java.util.Set;

/**
 * The commissioners under a commissioner in the NHS hierarchy today: an ICB's sub-ICB locations
 * (a region's ICBs and theirs). A commissioner's clients see and act for these as for their own
 * organisation. Each service answers from the hierarchy it holds; one without it (the gateway)
 * has the flat default, where a commissioner has nothing under it.
 */
public interface CommissionerTree {
    /** The codes under the commissioner on today's date, at every level, without its own. */
    Set<String> under(String code);
}
