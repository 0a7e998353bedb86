package dev.muon.northbound;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestBodyTest {

    @Test
    void extractsTheResource() {
        assertEquals("n", RequestBody.resource("{\"network\": {\"name\": \"n\"}}", "network").get("name").asText());
    }

    @Test
    void malformedJsonIsBadRequest() {
        NeutronException e = assertThrows(NeutronException.class,
                () -> RequestBody.resource("{\"network\": {", "network"));
        assertEquals(400, e.status());
        assertEquals("MalformedRequestBody", e.type());
    }

    @Test
    void missingOrWrongResourceKeyIsBadRequest() {
        assertEquals("Unable to find 'network' in request body", assertThrows(NeutronException.class,
                () -> RequestBody.resource("{\"port\": {}}", "network")).getMessage());
        assertEquals(400, assertThrows(NeutronException.class,
                () -> RequestBody.resource("{\"network\": []}", "network")).status());
        assertEquals(400, assertThrows(NeutronException.class,
                () -> RequestBody.resource("[]", "network")).status());
        assertEquals(400, assertThrows(NeutronException.class,
                () -> RequestBody.resource("", "network")).status());
        assertEquals("Unrecognized attribute(s) 'extra'", assertThrows(NeutronException.class,
                () -> RequestBody.resource("{\"network\": {}, \"extra\": 1}", "network")).getMessage());
    }

    @Test
    void trailingTextAndDuplicateKeysAreMalformed() {
        for (String body : List.of("{\"network\": {}}xyz", "{\"network\": {}} {}", "{\"network\": {}}}",
                "{\"network\": {\"name\": \"a\", \"name\": \"b\"}}", "{\"network\": {}, \"network\": {}}")) {
            NeutronException e = assertThrows(NeutronException.class, () -> RequestBody.resource(body, "network"));
            assertEquals("MalformedRequestBody", e.type(), body);
        }
        assertEquals(0, RequestBody.resource("  {\"network\": {}}\n ", "network").size(), "whitespace is fine");
    }
}
