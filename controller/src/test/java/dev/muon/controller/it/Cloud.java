package dev.muon.controller.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.controller.MuonConfig;
import dev.muon.controller.MuonController;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The integration tests' world: a controller in this JVM on free loopback ports with its own
 * data dir, real OVS nodes joined to it, and the Neutron calls tests make. Closing it stops
 * the controller and every node and removes the work directory.
 */
final class Cloud implements AutoCloseable {
    static final Duration CONVERGE = Duration.ofSeconds(30);
    /** The embedded model database in the data dir (H2's file for DatabaseLocation.h2In). */
    static final String DATABASE_FILE = "muon.mv.db";

    final Path work;
    final int restPort;
    final int ofPort;
    final int ovsdbPort;
    final Rest rest;
    private final Map<String, String> extraConfig;
    private final List<OvsNode> nodes = new ArrayList<>();
    private Path dataDir;
    private MuonController controller;
    private String statelessOpenGroup;

    private Cloud(String name, Map<String, String> extraConfig) throws Exception {
        this.work = Files.createTempDirectory("muon-" + name);
        this.restPort = freePort();
        this.ofPort = freePort();
        this.ovsdbPort = freePort();
        this.extraConfig = Map.copyOf(extraConfig);
        this.rest = new Rest(restPort);
        this.dataDir = work.resolve("data");
        this.controller = newController();
    }

    /** A running controller; {@code extraConfig} overrides its defaults (e.g. dhcp.lease.seconds). */
    static Cloud start(String name, Map<String, String> extraConfig) throws Exception {
        return new Cloud(name, extraConfig);
    }

    static Cloud start(String name) throws Exception {
        return start(name, Map.of());
    }

    /** A node with its own OVS, not yet joined (so a test can prepare it as an operator would). */
    OvsNode node(String name) throws IOException {
        OvsNode n = OvsNode.start(name, work, ofPort);
        nodes.add(n);
        return n;
    }

    /** A node joined to the controller, waited for until its br-int exists. */
    OvsNode joinedNode(String name, String encapIp) throws Exception {
        OvsNode n = node(name);
        n.join(ovsdbPort, encapIp);
        Eventually.await(name + " br-int", CONVERGE, () -> n.vsctl("list-br"), s -> s.contains("br-int"));
        return n;
    }

    MuonController controller() {
        return controller;
    }

    /** Stops the controller and starts a new one on the same ports and data dir. */
    void restartController() throws Exception {
        controller.close();
        controller = newController();
    }

    /**
     * Stops the controller and starts a new one on the same ports with a new data dir that holds
     * only a copy of the embedded database's file: as a second controller on the same database would.
     */
    void restartControllerOnACopyOfTheDatabase() throws Exception {
        controller.close();
        Path copy = Files.createDirectories(work.resolve("data-copy-" + System.nanoTime()));
        Files.copy(dataDir.resolve(DATABASE_FILE), copy.resolve(DATABASE_FILE));
        dataDir = copy;
        controller = newController();
    }

    /** The controller's data dir now. */
    Path dataDir() {
        return dataDir;
    }

    // --- Neutron calls ---

    JsonNode network(String name) throws Exception {
        return rest.post("networks", "network", "{\"name\": \"" + name + "\"}");
    }

    JsonNode subnet(JsonNode net, String cidr) throws Exception {
        return rest.post("subnets", "subnet", "{\"network_id\": \"" + id(net) + "\", \"cidr\": \"" + cidr
                + "\", \"ip_version\": 4}");
    }

    JsonNode port(JsonNode net) throws Exception {
        return rest.post("ports", "port", "{\"network_id\": \"" + id(net) + "\"}");
    }

    /** A port in the given security groups (instead of the project's default group). */
    JsonNode port(JsonNode net, String... securityGroups) throws Exception {
        return rest.post("ports", "port", "{\"network_id\": \"" + id(net) + "\", \"security_groups\": ["
                + (securityGroups.length == 0 ? "" : "\"" + String.join("\", \"", securityGroups) + "\"") + "]}");
    }

    /**
     * A stateless security group (stateful=false) admitting all IP in and out, made once: what a user
     * makes whose traffic should pass the firewall's tables (71/72, 81/82) without conntrack. Tests that
     * compare or read ofproto/trace's paths, which stop at a ct recirculation, put their VIFs in it; the
     * stateful default group is exercised with real packets by {@link SecurityGroupsIT}.
     */
    String statelessOpenGroup() throws Exception {
        if (statelessOpenGroup == null) {
            String g = id(rest.post("security-groups", "security_group",
                    "{\"name\": \"stateless-open\", \"stateful\": false}"));
            for (String ethertype : List.of("IPv4", "IPv6")) {
                rest.post("security-group-rules", "security_group_rule", "{\"security_group_id\": \"" + g
                        + "\", \"direction\": \"ingress\", \"ethertype\": \"" + ethertype + "\"}");
            }
            statelessOpenGroup = g;
        }
        return statelessOpenGroup;
    }

    /** Waits until the port reads {@code status}, bound to {@code host} unless that is null. */
    void awaitPort(JsonNode port, String status, String host) throws Exception {
        Eventually.await("port " + id(port) + " " + status + (host == null ? "" : " on " + host), CONVERGE,
                () -> rest.get("ports/" + id(port)).get("port"),
                p -> p.get("status").asText().equals(status)
                        && (host == null || p.get("binding:host_id").asText().equals(host)));
    }

    /** Plugs a VIF as Nova/os-vif does: an internal interface carrying the port's iface-id and MAC. */
    static void plug(OvsNode node, String bridge, String dev, JsonNode port) throws Exception {
        // the controller creates br-int once the node has joined; Nova plugs into a bridge that exists
        Eventually.await(node.name + " has " + bridge, CONVERGE,
                () -> node.vsctl("list-br").lines().toList(), brs -> brs.contains(bridge));
        node.vsctl("add-port", bridge, dev, "--", "set", "Interface", dev, "type=internal",
                "external_ids:iface-id=" + id(port), "external_ids:attached-mac=" + mac(port),
                "external_ids:iface-status=active", "external_ids:vm-uuid=vm-" + dev);
    }

    static String id(JsonNode resource) {
        return resource.get("id").asText();
    }

    static String mac(JsonNode port) {
        return port.get("mac_address").asText();
    }

    static String ip(JsonNode port) {
        return port.get("fixed_ips").get(0).get("ip_address").asText();
    }

    @Override
    public void close() throws Exception {
        try {
            if (controller != null) {
                controller.close();
            }
        } finally {
            for (OvsNode n : nodes) {
                try {
                    n.close();
                } catch (IOException e) {
                    System.err.println("could not stop node " + n.name + ": " + e.getMessage());
                }
            }
            try (var paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private MuonController newController() throws Exception {
        Map<String, String> o = new HashMap<>();
        o.put("rest.bind", "127.0.0.1");
        o.put("rest.port", Integer.toString(restPort));
        o.put("openflow.bind", "127.0.0.1");
        o.put("openflow.port", Integer.toString(ofPort));
        o.put("ovsdb.bind", "127.0.0.1");
        o.put("ovsdb.port", Integer.toString(ovsdbPort));
        o.put("data.dir", dataDir.toString());
        o.put("reconcile.period.seconds", "2");
        o.putAll(extraConfig);
        MuonController c = new MuonController(MuonConfig.load(null, Map.of(), o));
        c.start();
        return c;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
