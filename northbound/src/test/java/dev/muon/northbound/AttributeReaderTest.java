package dev.muon.northbound;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values read by type exactly: what neutron-lib's converters take, and nothing else. */
class AttributeReaderTest {

    private static AttributeReader reader(String json) {
        return AttributeReader.over(RequestBody.object(json.replace('\'', '"')));
    }

    private static NeutronException refused(Runnable read) {
        NeutronException e = assertThrows(NeutronException.class, read::run);
        assertEquals(400, e.status());
        return e;
    }

    @Test
    void booleansAreConvertToBooleansValues() {
        for (String yes : List.of("true", "1", "'true'", "'TRUE'", "'1'")) {
            assertEquals(true, reader("{'v': " + yes + "}").bool("v"), yes);
        }
        for (String no : List.of("false", "0", "'False'", "'0'")) {
            assertEquals(false, reader("{'v': " + no + "}").bool("v"), no);
        }
        // 4294967296 and 4294967297 were read through their low 32 bits: false and true.
        for (String bad : List.of("4294967296", "4294967297", "2", "-1", "1.0", "0.0", "'yes'", "'no'", "'on'",
                "'t'", "'y'", "''", "null", "[]", "{}")) {
            refused(() -> reader("{'v': " + bad + "}").bool("v"));
        }
    }

    @Test
    void integersAreExact() {
        assertEquals(1450, reader("{'v': 1450}").integer("v"));
        assertEquals(1450, reader("{'v': ' 1450 '}").integer("v"));
        assertEquals(-5, reader("{'v': '-5'}").integer("v"));
        for (String bad : List.of("2147483648", "-2147483649", "4294967296", "1.5", "1450.0", "1e3", "'1.5'",
                "'1e3'", "true", "'" + "9".repeat(100_000) + "'", "[1]")) {
            refused(() -> reader("{'v': " + bad + "}").integer("v"));
        }
    }

    @Test
    void projectIdsAreNeverBlank() {
        assertEquals("p1", reader("{'v': 'p1'}").projectId("v"));
        refused(() -> reader("{'v': ''}").projectId("v"));
        refused(() -> reader("{'v': '  '}").projectId("v"));
        refused(() -> reader("{'v': '" + "p".repeat(256) + "'}").projectId("v"));
    }

    @Test
    void messagesQuoteAShortExcerptOfTheValue() {
        String huge = "x".repeat(100_000);
        for (Runnable read : List.<Runnable>of(
                () -> reader("{'v': '" + huge + "'}").string("v"),
                () -> reader("{'v': '" + huge + "'}").bool("v"),
                () -> reader("{'v': ['" + huge + "']}").strings("v"),
                () -> reader("{'v': {'" + huge + "': 1}}").nested("v", java.util.Set.of("a")),
                () -> reader("{'v': '" + huge + "'}").uuid("v"))) {
            String message = refused(read).getMessage();
            assertTrue(message.length() < 400, message.length() + " characters");
        }
        assertTrue(new NeutronException(400, "X", huge).getMessage().length() <= NeutronException.MAX_MESSAGE + 3);
    }
}
