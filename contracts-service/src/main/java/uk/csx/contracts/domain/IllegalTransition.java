package uk.csx.contracts.domain;

import uk.csx.platform.api.ProblemException;

/** A lifecycle step that the current state does not allow (answered 409). */
public class IllegalTransition extends ProblemException {
    public IllegalTransition(String message) {
        super(409, "illegal-transition", "Illegal transition", message);
    }
}
