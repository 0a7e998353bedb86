package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code openstack network agent list} shows the cloud's real nodes, alive while their OVSDB
 * and OpenFlow connections are up, in the zone their Open_vSwitch row names; an operator can
 * describe and disable an agent, and delete the agent of a node that went away.
 */
@Tag("integration")
class AgentCliIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Cloud cloud;

    @AfterEach
    void tearDown() throws Exception {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    void theCliListsTheNodesAsAgents() throws Exception {
        cloud = Cloud.start("agent");
        OvsNode node1 = cloud.node("node1");
        node1.vsctl("set", "Open_vSwitch", ".", "external_ids:availability_zone=az1");
        node1.join(cloud.ovsdbPort, "192.168.1.11");
        OvsNode node2 = cloud.node("node2");
        node2.join(cloud.ovsdbPort, "192.168.1.12");

        JsonNode agents = Eventually.await("both nodes alive", Cloud.CONVERGE,
                () -> cli("network", "agent", "list", "-f", "json"),
                l -> l.size() == 2 && l.get(0).get("Alive").asBoolean() && l.get(1).get("Alive").asBoolean());
        JsonNode first = agents.get(0).get("Host").asText().equals("node1") ? agents.get(0) : agents.get(1);
        assertEquals("Open vSwitch agent", first.get("Agent Type").asText());
        assertEquals("neutron-openvswitch-agent", first.get("Binary").asText());
        assertEquals("az1", first.get("Availability Zone").asText());
        String id1 = first.get("ID").asText();

        JsonNode shown = cli("network", "agent", "show", id1, "-f", "json");
        assertEquals("192.168.1.11", shown.get("configuration").get("tunneling_ip").asText());
        assertEquals("br-int", shown.get("configuration").get("integration_bridge").asText());

        cliOk("network", "agent", "set", "--disable", "--description", "rack 4", id1);
        shown = cli("network", "agent", "show", id1, "-f", "json");
        assertFalse(shown.get("admin_state_up").asBoolean());
        assertEquals("rack 4", shown.get("description").asText());

        JsonNode zones = cli("availability", "zone", "list", "--network", "-f", "json");
        List<String> names = new ArrayList<>();
        zones.forEach(z -> names.add(z.get("Zone Name").asText()));
        assertTrue(names.contains("az1") && names.contains("nova"), zones.toString());
        JsonNode hinted = cli("network", "create", "--availability-zone-hint", "az1", "hinted", "-f", "json");
        assertEquals("[\"az1\"]", hinted.get("availability_zones").toString(), hinted.toString());

        // node2's OVSDB goes away: its agent is dead, and deleting it forgets the node now
        node2.vsctl("del-manager");
        String id2 = Eventually.await("node2 dead", Cloud.CONVERGE, () -> cloud.rest.get("agents?host=node2"),
                l -> l.get("agents").size() == 1 && !l.get("agents").get(0).get("alive").asBoolean())
                .get("agents").get(0).get("id").asText();
        cliOk("network", "agent", "delete", id2);
        JsonNode left = cli("network", "agent", "list", "-f", "json");
        assertEquals(1, left.size(), left.toString());
        assertEquals("node1", left.get(0).get("Host").asText());
    }

    private JsonNode cli(String... args) throws Exception {
        return JSON.readTree(cliOk(args));
    }

    /** The real CLI against Muon's no-auth endpoint, as an operator runs it without Keystone. */
    private String cliOk(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "/usr/bin/openstack",
                "--os-auth-type", "none", "--os-endpoint", "http://127.0.0.1:" + cloud.restPort));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        Path err = Files.createTempFile(cloud.work, "cli", ".err");
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "openstack hung");
        assertEquals(0, p.exitValue(), String.join(" ", args) + " failed: " + Files.readString(err));
        return out;
    }
}
