package uk.csx.platform.api;

import jakarta.ws.rs.core.EntityTag;

/**
 * Resource versions as entity tags: reads send {@code ETag}, writes must send the same value in
 * {@code If-Match}; a write without it is refused (428) and a stale one fails (412). {@code *}
 * ("any version") is refused too: a party agrees to the version it read, never to whatever is
 * there now (docs/design.md §8).
 */
public final class Versions {
    private Versions() {
    }

    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** The tag to put on a response ({@code ResponseBuilder.tag}). */
    public static EntityTag tag(long version) {
        return new EntityTag(String.valueOf(version));
    }

    public static void requireMatch(String ifMatch, long currentVersion) {
        if (ifMatch == null || ifMatch.isBlank()) {
            throw new ProblemException(428, "precondition-required", "Precondition required",
                    "send If-Match with the ETag of the version you read");
        }
        String expected = etag(currentVersion);
        String tag = ifMatch.trim().replaceFirst("^W/", "");
        if (tag.contains(",") || tag.equals("*")) {
            // "any version" (or a list that names every version) would let a party agree to terms it never read
            throw new ProblemException(428, "precondition-required", "Precondition required",
                    "If-Match must be the one ETag of the version you read (" + expected + " now), not * or a list");
        }
        if (tag.equals(expected)) {
            return;
        }
        throw new ProblemException(412, "stale-version", "Precondition failed",
                "the resource is now at version " + expected + "; read it again and retry with its ETag");
    }
}
