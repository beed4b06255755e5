package uk.csx.localstack;

/** A reason the stack cannot start that the user can act on; printed as one line, no stack trace. */
public class StackProblem extends RuntimeException {
    public StackProblem(String message) {
        super(message);
    }
}
