package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.StoreException;
import dev.muon.pipeline.model.NetworkModel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * While the model database refuses saves, every kind of write answers 503 ServiceUnavailable and
 * changes nothing, reads keep answering; once it takes saves again, so does the API.
 */
class StoreOutageApiTest {

    /** Saves in memory, or fails as a full disk or a stopped server makes a database fail. */
    private static final class FlakyPersistence extends DelegatingPersistence {
        volatile boolean down;

        @Override
        public void save(NetworkModel model, long version) {
            if (down) {
                throw new StoreException("cannot save model version " + version + ": No space left on device");
            }
            super.save(model, version);
        }
    }

    @Test
    void everyWriteAnswers503WhileTheDatabaseIsDownAndWorksOnceItIsBack() throws Exception {
        FlakyPersistence persistence = new FlakyPersistence();
        try (NeutronApi api = new NeutronApi(new ModelStore(persistence))) {
            String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
            String subnet = api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.0.0.0/24'}")
                    .get("id").asText();
            String router = api.create("routers", "router", "{'name': 'r'}").get("id").asText();
            api.get("/v2.0/security-groups");   // the default group exists before the outage

            persistence.down = true;
            NetworkModel before = api.store.snapshot();
            List<String[]> writes = List.of(
                    new String[] {"POST", "/v2.0/networks", "{'network': {'name': 'm'}}"},
                    new String[] {"POST", "/v2.0/networks", "{'networks': [{'name': 'a'}, {'name': 'b'}]}"},
                    new String[] {"PUT", "/v2.0/networks/" + net, "{'network': {'name': 'renamed'}}"},
                    new String[] {"POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "'}}"},
                    new String[] {"PUT", "/v2.0/routers/" + router + "/add_router_interface",
                        "{'subnet_id': '" + subnet + "'}"},
                    new String[] {"PUT", "/v2.0/networks/" + net + "/tags/blue", null},
                    new String[] {"DELETE", "/v2.0/routers/" + router, null});
            for (String[] w : writes) {
                NeutronApi.error(api.send(w[0], w[1], w[2]), 503, "ServiceUnavailable");
            }
            assertSame(before, api.store.snapshot(), "nothing applied in memory");
            assertEquals(1, api.get("/v2.0/networks").get("networks").size());
            assertEquals("n", api.get("/v2.0/networks/" + net).get("network").get("name").asText());

            persistence.down = false;
            api.update("networks", "network", net, "{'name': 'renamed'}");
            api.create("networks", "network", "{'name': 'm'}");
            assertEquals(2, api.get("/v2.0/networks").get("networks").size());
        }
    }
}
