package uk.csx.platform.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VersionsAndCursorTest {
    @Test
    void ifMatchMustNameTheCurrentVersion() {
        Versions.requireMatch("\"3\"", 3);
        Versions.requireMatch("W/\"3\"", 3);
        assertEquals(412, assertThrows(ProblemException.class, () -> Versions.requireMatch("\"2\"", 3)).status());
        assertEquals(428, assertThrows(ProblemException.class, () -> Versions.requireMatch(null, 3)).status());
        // "any version" would let a party accept terms it never read
        assertEquals(428, assertThrows(ProblemException.class, () -> Versions.requireMatch("*", 3)).status());
        assertEquals(428, assertThrows(ProblemException.class, () -> Versions.requireMatch("\"2\", *", 3)).status());
    }

    @Test
    void aPageShowsAtMostLimitItemsAndACursorOnlyWhenMoreFollow() {
        Page<String> first = Page.of(List.of("a", "b", "c"), 2, s -> s.toUpperCase(), s -> s);
        assertEquals(List.of("A", "B"), first.items());
        assertEquals("b", Cursor.decode(first.nextCursor()));
        Page<String> last = Page.of(List.of("c"), 2, s -> s, s -> s);
        assertNull(last.nextCursor());
    }

    @Test
    void limitsAndCursorsAreChecked() {
        assertEquals(50, Cursor.limit(null));
        assertEquals(400, assertThrows(ProblemException.class, () -> Cursor.limit(201)).status());
        assertEquals(400, assertThrows(ProblemException.class, () -> Cursor.decode("***")).status());
    }
}
