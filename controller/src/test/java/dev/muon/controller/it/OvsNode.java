package dev.muon.controller.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Open vSwitch node for tests: its own ovsdb-server and ovs-vswitchd (userspace
 * datapath) in a network namespace, started and stopped by test-topologies/ovs-node.sh.
 */
public final class OvsNode implements AutoCloseable {
    private static final Path SCRIPT = repoRoot().resolve("test-topologies/ovs-node.sh");

    public final String name;
    public final Path dir;
    private final String netns;

    private OvsNode(String name, Path dir, String netns) {
        this.name = name;
        this.dir = dir;
        this.netns = netns;
    }

    public static OvsNode start(String name, Path parent, int openflowPort) throws IOException {
        String ns = "muon-it-" + name + "-" + ProcessHandle.current().pid();
        OvsNode n = new OvsNode(name, parent.resolve(name), ns);
        run(List.of(SCRIPT.toString(), "up", n.dir.toString(), ns, Integer.toString(openflowPort)));
        return n;
    }

    /** Onboards the node exactly as the README tells operators to. */
    public void join(int ovsdbPort, String encapIp) throws IOException {
        vsctl("set-manager", "tcp:127.0.0.1:" + ovsdbPort, "--", "set", "Open_vSwitch", ".",
                "external_ids:hostname=" + name, "external_ids:muon-encap-ip=" + encapIp,
                "external_ids:muon-datapath-type=netdev");
    }

    // --- SSL (the README's "TLS for OpenFlow and OVSDB") ---

    /**
     * The node's SSL identity, as an operator sets it before joining: its private key and
     * certificate, and the CA that signed the controller's certificate. OVSDB (ssl: manager) and
     * the bridges' ssl: controller targets use it.
     */
    public void setSsl(Path privateKey, Path certificate, Path controllerCa) throws IOException {
        vsctl("set-ssl", privateKey.toString(), certificate.toString(), controllerCa.toString());
    }

    /** {@link #join} over SSL: the manager is {@code ssl:127.0.0.1:ovsdbPort}. */
    public void joinSsl(int ovsdbPort, String encapIp) throws IOException {
        vsctl("set-manager", "ssl:127.0.0.1:" + ovsdbPort, "--", "set", "Open_vSwitch", ".",
                "external_ids:hostname=" + name, "external_ids:muon-encap-ip=" + encapIp,
                "external_ids:muon-datapath-type=netdev");
    }

    public String vsctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10", "--db=unix:" + dir.resolve("db.sock")));
        cmd.addAll(List.of(args));
        return run(cmd).trim();
    }

    public String dumpFlows(String bridge) throws IOException {
        return run(List.of("env", "OVS_RUNDIR=" + dir, "ovs-ofctl", "-O", "OpenFlow14", "dump-flows", bridge));
    }

    public String ofctl(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "OVS_RUNDIR=" + dir, "ovs-ofctl", "-O", "OpenFlow14"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** {@code ovs-appctl ofproto/trace BRIDGE FLOW} on this node. */
    public String trace(String bridge, String flow) throws IOException {
        return run(List.of("ovs-appctl", "-t", dir.resolve("ovs-vswitchd.ctl").toString(), "ofproto/trace", bridge, flow));
    }

    /** The "Datapath actions:" line of a trace. */
    public static String datapathActions(String trace) {
        return trace.lines().filter(l -> l.startsWith("Datapath actions:")).findFirst()
                .map(l -> l.substring("Datapath actions:".length()).trim()).orElse("");
    }

    /** The datapath port number of an interface, as traces print it ("tap1 3/4: (internal)" → 4). */
    public String odpPort(String iface) throws IOException {
        String show = run(List.of("ovs-appctl", "-t", dir.resolve("ovs-vswitchd.ctl").toString(), "dpif/show"));
        for (String line : show.lines().toList()) {
            String t = line.trim();
            if (t.startsWith(iface + " ")) {
                return t.split("\\s+")[1].split("/")[1].replace(":", "");
            }
        }
        throw new AssertionError("no datapath port for " + iface + " in\n" + show);
    }

    /** kill -9 of the node's ovs-vswitchd, started again at once: flows lost, OVSDB intact. */
    public void crashVswitchd() throws IOException {
        run(List.of(SCRIPT.toString(), "crash-vswitchd", dir.toString()));
    }

    /**
     * A VM's end of a VIF: namespace {@code vmNs} (recorded in {@code created} as soon as it exists,
     * for the caller to delete) whose eth0, with {@code mac} and up, is a veth to {@code dev} in this
     * node's namespace, plugged into br-int (once the controller has made it) as Nova/os-vif does:
     * iface-id, attached-mac, iface-status and vm-uuid. MTU, addresses and offloads are the caller's.
     */
    public void plugVethVif(String vmNs, List<String> created, String dev, String mac, String portId, String vmId)
            throws Exception {
        run(List.of("ip", "netns", "add", vmNs));
        created.add(vmNs);
        run(List.of("ip", "link", "add", "eth0", "netns", vmNs, "type", "veth", "peer", "name", dev, "netns", netns));
        run(List.of("ip", "-n", vmNs, "link", "set", "eth0", "address", mac, "up"));
        run(List.of("ip", "-n", netns, "link", "set", dev, "up"));
        Eventually.await(name + " has br-int", Duration.ofSeconds(60), () -> vsctl("list-br").lines().toList(),
                brs -> brs.contains("br-int"));
        vsctl("add-port", "br-int", dev, "--", "set", "Interface", dev, "external_ids:iface-id=" + portId,
                "external_ids:attached-mac=" + mac, "external_ids:iface-status=active", "external_ids:vm-uuid=" + vmId);
    }

    @Override
    public void close() throws IOException {
        run(List.of(SCRIPT.toString(), "down", dir.toString(), netns));
    }

    static String run(List<String> cmd) throws IOException {
        // Output goes to a file, not a pipe: a large dump-flows would fill a pipe that nobody
        // reads while we wait, and a child keeping a pipe open would defeat the timeout.
        Path log = Files.createTempFile("muon-cmd", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String out;
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
            out = Files.readString(log, StandardCharsets.UTF_8);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            Files.deleteIfExists(log);
        }
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("test-topologies/ovs-node.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
