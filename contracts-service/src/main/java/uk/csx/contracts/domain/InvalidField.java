package uk.csx.contracts.domain;

import uk.csx.platform.api.ProblemException;

/**
 * A request refused because of one field's value, by a rule of the domain rather than of the JSON
 * schema: 400 for a value outside its documented range, 422 for a well-formed value the business
 * rules do not allow (a back-dated start). The answer names the field, as a validation problem does.
 */
public class InvalidField extends ProblemException {
    private final String field;
    private final String rule;

    private InvalidField(int status, String slug, String title, String field, String rule) {
        super(status, slug, title, field + " " + rule);
        this.field = field;
        this.rule = rule;
    }

    /** A value outside the documented range of the field (400). */
    public static InvalidField outOfRange(String field, String rule) {
        return new InvalidField(400, "validation", "Invalid request", field, rule);
    }

    /** A well-formed value that the business rules refuse (422). */
    public static InvalidField refused(String field, String rule) {
        return new InvalidField(422, "unprocessable", "Unprocessable request", field, rule);
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
