package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.muon.controller.service.NeutronApi.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Neutron's subnet attribute "shared" (its network's sharing): never shown, never sent, but
 * lists filter on it, as tempest's subnet listing does ({@code ?shared=False}).
 */
class SubnetSharedFilterApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void subnetsFilterOnTheirNetworksSharingWithoutShowingIt() throws Exception {
        String shared = api.create("networks", "network", "{'name': 'public', 'shared': true}").get("id").asText();
        api.create("subnets", "subnet", "{'name': 'on-shared', 'network_id': '" + shared + "', "
                + "'cidr': '10.1.0.0/24'}");
        NeutronApi member = api.as("p1");
        String own = member.create("networks", "network", "{'name': 'own'}").get("id").asText();
        JsonNode mine = member.create("subnets", "subnet", "{'name': 'on-own', 'network_id': '" + own + "', "
                + "'cidr': '10.2.0.0/24'}");
        assertFalse(mine.has("shared"), "hidden: " + mine);

        assertEquals(List.of("on-shared"), names(member.get("/v2.0/subnets?shared=True")));
        assertEquals(List.of("on-own"), names(member.get("/v2.0/subnets?shared=false")));
        assertEquals(List.of("on-shared", "on-own"), names(member.get("/v2.0/subnets")));
        JsonNode listed = member.get("/v2.0/subnets?shared=True&fields=name&fields=shared").get("subnets").get(0);
        assertEquals(1, listed.size(), "asking for it does not show it: " + listed);
        assertFalse(member.get("/v2.0/subnets/" + mine.get("id").asText()).get("subnet").has("shared"));

        error(member.send("POST", "/v2.0/subnets", "{'subnet': {'network_id': '" + own + "', "
                + "'cidr': '10.3.0.0/24', 'shared': true}}"), 400, "HTTPBadRequest");
    }

    private static List<String> names(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.get("subnets").forEach(s -> names.add(s.get("name").asText()));
        return names;
    }
}
