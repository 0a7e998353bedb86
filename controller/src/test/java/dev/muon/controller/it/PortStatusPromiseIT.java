package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A status is a promise (issue 12): many ports plugged at once on a real node, and whenever the API
 * says a port is ACTIVE, the node's br-int already holds that port's flows (its table-0 entry and
 * its firewall's). Statuses are read before the flows are dumped, so a port seen ACTIVE must have
 * had its flows at that moment (nothing removes them afterwards).
 */
@Tag("integration")
class PortStatusPromiseIT {
    private static final int PORTS = 40;

    private Cloud cloud;
    private OvsNode node1;

    @BeforeEach
    void setUp() throws Exception {
        cloud = Cloud.start("status-it");
        node1 = cloud.node("node1");
        cloud.node("node2").join(cloud.ovsdbPort, "192.168.1.12");
        node1.join(cloud.ovsdbPort, "192.168.1.11");
    }

    @AfterEach
    void tearDown() throws Exception {
        cloud.close();
    }

    @Test
    void aPortReadsActiveOnlyOnceItsFlowsAreOnItsNode() throws Exception {
        JsonNode net = cloud.network("net1");
        cloud.subnet(net, "10.0.0.0/24");
        Map<String, String> devOfPort = new HashMap<>();
        List<String> vsctl = new ArrayList<>();
        for (int i = 0; i < PORTS; i++) {
            JsonNode port = cloud.port(net);
            String dev = "tapp" + i;
            devOfPort.put(Cloud.id(port), dev);
            if (!vsctl.isEmpty()) {
                vsctl.add("--");
            }
            vsctl.addAll(List.of("add-port", "br-int", dev, "--", "set", "Interface", dev, "type=internal",
                    "external_ids:iface-id=" + Cloud.id(port), "external_ids:attached-mac=" + Cloud.mac(port),
                    "external_ids:iface-status=active"));
        }
        Eventually.await("node1 has br-int", Cloud.CONVERGE, () -> node1.vsctl("list-br"), s -> s.contains("br-int"));
        node1.vsctl(vsctl.toArray(String[]::new));   // all at once, as one OVSDB transaction

        Set<String> seenActive = new TreeSet<>();
        long deadline = System.nanoTime() + Cloud.CONVERGE.toNanos();
        int checks = 0;
        while (seenActive.size() < PORTS && System.nanoTime() < deadline) {
            List<String> active = new ArrayList<>();
            for (JsonNode p : cloud.rest.get("ports?network_id=" + Cloud.id(net)).get("ports")) {
                if (p.get("status").asText().equals("ACTIVE")) {
                    active.add(p.get("id").asText());
                }
            }
            String flows = node1.dumpFlows("br-int");
            for (String id : active) {
                String ofport = node1.vsctl("get", "Interface", devOfPort.get(id), "ofport").trim();
                assertTrue(java.util.regex.Pattern.compile("table=0,[^\\n]* priority=9,in_port=" + ofport + " ")
                                .matcher(flows).find(),
                        "port " + id + " (ofport " + ofport + ") read ACTIVE without its table-0 flow:\n" + flows);
                assertTrue(java.util.regex.Pattern.compile("table=60,[^\\n]* priority=100,in_port=" + ofport + " ")
                                .matcher(flows).find(),
                        "port " + id + " read ACTIVE without its firewall's flow");
                checks++;
            }
            seenActive.addAll(active);
            Thread.sleep(20);
        }
        assertEquals(PORTS, seenActive.size(), "every plugged port ends ACTIVE");
        assertTrue(checks >= PORTS, "each ACTIVE port was checked against the switch");
    }
}
