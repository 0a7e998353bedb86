package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.NorthboundServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real python-openstackclient against Muon's Neutron API, as an operator runs it:
 * {@code openstack --os-auth-type none --os-endpoint http://127.0.0.1:PORT ...}.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenstackCliIT {
    private static final Path OPENSTACK = Path.of("/usr/bin/openstack");
    // Debian's client runs on Debian's Python, not on another python3 earlier on the PATH.
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;
    private ModelStore store;
    private NorthboundServer server;

    @BeforeAll
    void start() {
        // Fails rather than skips, like the other integration tests: a missing client must be noticed.
        assertTrue(Files.isExecutable(OPENSTACK) && Files.isExecutable(PYTHON),
                "python3-openstackclient is not installed (apt-get install -y python3-openstackclient)");
        store = ModelStore.open(dataDir);
        server = new NorthboundServer(new NeutronNetworkService(store, ServiceConfig.defaults()),
                new InetSocketAddress("127.0.0.1", 0));
        server.start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
            store.close();
        }
    }

    @Test
    void networkSubnetAndPortWorkflow() throws Exception {
        JsonNode net = json("network", "create", "cli-net");
        assertEquals("cli-net", net.get("name").asText());
        assertEquals("vxlan", net.get("provider:network_type").asText());
        assertEquals(1450, net.get("mtu").asInt());
        String netId = net.get("id").asText();

        JsonNode shown = json("network", "show", "cli-net");
        assertEquals(netId, shown.get("id").asText());
        assertTrue(listNames(json("network", "list")).contains("cli-net"));

        JsonNode subnet = json("subnet", "create", "--network", "cli-net", "--subnet-range", "10.20.0.0/24",
                "cli-sub");
        assertEquals("10.20.0.1", subnet.get("gateway_ip").asText());
        assertEquals("10.20.0.2", subnet.get("allocation_pools").get(0).get("start").asText());
        assertEquals(netId, subnet.get("network_id").asText());
        assertEquals("10.20.0.0/24", json("subnet", "show", "cli-sub").get("cidr").asText());
        assertTrue(listNames(json("subnet", "list")).contains("cli-sub"));

        JsonNode port = json("port", "create", "--network", "cli-net",
                "--fixed-ip", "subnet=cli-sub,ip-address=10.20.0.50", "cli-port");
        assertEquals("10.20.0.50", port.get("fixed_ips").get(0).get("ip_address").asText());
        assertTrue(port.get("mac_address").asText().startsWith("fa:16:3e:"));
        assertEquals("DOWN", port.get("status").asText());
        JsonNode auto = json("port", "create", "--network", "cli-net", "cli-port2");
        assertEquals("10.20.0.2", auto.get("fixed_ips").get(0).get("ip_address").asText());

        JsonNode ports = json("port", "list");
        assertEquals(2, ports.size());
        JsonNode byIp = json("port", "list", "--fixed-ip", "ip-address=10.20.0.50");
        assertEquals(1, byIp.size());
        assertEquals("cli-port", byIp.get(0).get("Name").asText());
        assertEquals(port.get("id").asText(), json("port", "show", "cli-port").get("id").asText());

        // Neutron's refusals reach the operator.
        Result duplicate = run("port", "create", "--network", "cli-net",
                "--fixed-ip", "subnet=cli-sub,ip-address=10.20.0.50", "dup");
        assertNotEquals(0, duplicate.code());
        assertTrue(duplicate.err().contains("already allocated"), duplicate.err());
        Result inUse = run("network", "delete", "cli-net");
        assertNotEquals(0, inUse.code());
        assertTrue(inUse.err().contains("ports still in use"), inUse.err());

        assertEquals(0, run("port", "delete", "cli-port", "cli-port2").code());
        assertEquals(0, json("port", "list").size());
        assertEquals(0, run("subnet", "delete", "cli-sub").code());
        assertEquals(0, run("network", "delete", "cli-net").code());
        assertFalse(listNames(json("network", "list")).contains("cli-net"));
    }

    private static List<String> listNames(JsonNode rows) {
        List<String> names = new ArrayList<>();
        rows.forEach(r -> names.add(r.get("Name").asText()));
        return names;
    }

    private JsonNode json(String... args) throws Exception {
        List<String> withFormat = new ArrayList<>(List.of(args));
        withFormat.addAll(List.of("-f", "json"));
        Result r = run(withFormat.toArray(String[]::new));
        assertEquals(0, r.code(), String.join(" ", args) + " failed: " + r.err());
        return JSON.readTree(r.out());
    }

    private record Result(int code, String out, String err) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), OPENSTACK.toString(),
                "--os-auth-type", "none", "--os-endpoint", "http://127.0.0.1:" + server.port()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        // No cloud credentials from the environment may redirect the client elsewhere.
        pb.environment().keySet().removeIf(k -> k.startsWith("OS_"));
        // stderr goes to a file so that neither pipe can fill up and stall the client.
        Path err = Files.createTempFile(dataDir, "openstack", ".err");
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "openstack " + String.join(" ", args) + " hung");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(err));
    }
}
