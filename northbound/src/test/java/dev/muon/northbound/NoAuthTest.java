package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No-auth mode: headers trusted as sent, but never a member in the admin's project, never a member on /muon. */
class NoAuthTest {
    private final ApiUnderTest api = ApiUnderTest.noAuth();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aMemberThatNamesNoProjectIsRefusedInsteadOfActingInTheAdminsProject() throws Exception {
        for (String[] headers : List.of(new String[] {"X-Roles", "member"}, new String[] {"X-User-Id", "alice"},
                new String[] {"X-Roles", "member", "X-User-Id", "alice", "X-Project-Id", " "})) {
            HttpResponse<String> r = api.send(HttpRequest.newBuilder(api.uri("/v2.0/networks")).headers(headers)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"network\": {\"name\": \"n\"}}")));
            JsonNode e = Json.MAPPER.readTree(r.body()).get("NeutronError");
            assertEquals(400, r.statusCode(), r.body());
            assertEquals("HTTPBadRequest", e.get("type").asText());
            assertTrue(e.get("message").asText().contains("X-Project-Id"), r.body());
        }
        assertEquals(List.of(), api.serviceCalls, "refused before the service is asked");
    }

    @Test
    void operatorEndpointsAreForAdminsOnly() throws Exception {
        for (String path : List.of("/muon/v1/nodes", "/muon/v1/nodes/node1/flows",
                "/muon/v1/nodes/node1/trace?bridge=br-int&flow=in_port=1")) {
            HttpResponse<String> member = api.get(path, "X-Project-Id", "demo", "X-Roles", "member,reader");
            assertEquals(403, member.statusCode(), path + ": " + member.body());
            assertEquals("PolicyNotAuthorized", Json.MAPPER.readTree(member.body()).get("NeutronError").get("type").asText());
            assertEquals(200, api.get(path, "X-Project-Id", "demo", "X-Roles", "admin").statusCode(), path);
            assertEquals(200, api.get(path).statusCode(), path + " as the anonymous no-auth admin (the lab)");
        }
    }
}
