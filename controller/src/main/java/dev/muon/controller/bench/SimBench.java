package dev.muon.controller.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.controller.MuonConfig;
import dev.muon.controller.MuonController;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.simulator.NodeSimulator;
import dev.muon.simulator.SimulatedNode;
import dev.muon.simulator.openflow.SimulatedSwitch;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The controller against many simulated nodes (the {@code simulator} module: OVSDB and OpenFlow as
 * ovsdb-server and ovs-vswitchd answer them, checked against real Open vSwitch by
 * SimulatedNodeAgreesWithOvsIT and SimulatedSwitchAgreesWithOvsIT), all in this JVM with a real
 * controller: how long {@code nodes} nodes take to join (bridges, a VXLAN mesh, every flow), how
 * long {@code nodes × portsPerNode} VIFs plugged at once take to be wired and ACTIVE, and then one
 * port at a time: from its ofport to its table-0 flow on its node and to ACTIVE, and on how many
 * nodes' switches the change landed. Ports are created through the API first, 200 per VXLAN
 * network, each network on 50 nodes, in no security group (not timed): Neutron's default group would put every port's
 * address on every node (the scale scenario measures that compile in process). Prints figures;
 * asserts nothing.
 */
final class SimBench {
    static final int SAMPLES = 10;
    private static final int PORTS_PER_NETWORK = 200;
    private static final int NODES_PER_NETWORK = 50;
    private static final long TIMEOUT_NS = TimeUnit.MINUTES.toNanos(30);
    private static final long QUIET_NS = TimeUnit.SECONDS.toNanos(3);
    private final PrintStream out;
    /** When any switch's flow table last changed, and which switches changed since the mark. */
    private final AtomicLong lastChange = new AtomicLong(System.nanoTime());
    private final Set<SimulatedSwitch> changed = ConcurrentHashMap.newKeySet();
    /** Each switch's node, and how many times its flow table has changed. */
    private final Map<SimulatedSwitch, String> nodeOf = new ConcurrentHashMap<>();
    private final Map<SimulatedSwitch, AtomicLong> changes = new ConcurrentHashMap<>();

    SimBench(PrintStream out) {
        this.out = out;
    }

    void run(int nodeCount, int portsPerNode) throws Exception {
        out.printf("%nsimulated nodes (issue 12): %d nodes, %d VIFs each, one controller; ports in no security group; "
                + "simulator and controller share this JVM and its cores%n", nodeCount, portsPerNode);
        Path work = Files.createTempDirectory("muon-bench-sim");
        BenchPorts listen = BenchPorts.free();
        try (MuonController controller = new MuonController(MuonConfig.load(null, Map.of(), listen.options(work)))) {
            controller.start();
            BenchApi api = new BenchApi(listen.rest(), "sim", PORTS_PER_NETWORK, "\"security_groups\": []");
            List<String> all = api.createPorts(nodeCount * portsPerNode);
            // the one-port samples: spread over the networks (each on its share of nodes), kept out of the bulk plug
            int stride = Math.max(1, all.size() / SAMPLES);
            List<Integer> sampleIndex = new ArrayList<>();
            for (int i = 0; i < SAMPLES && i * stride < all.size(); i++) {
                sampleIndex.add(i * stride + stride / 2);
            }
            List<String> ports = new ArrayList<>();
            List<Integer> portIndex = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (!sampleIndex.contains(i)) {
                    ports.add(all.get(i));
                    portIndex.add(i);
                }
            }

            long t0 = System.nanoTime();
            try (NodeSimulator sim = NodeSimulator.start(nodeCount, "sim",
                    new InetSocketAddress("127.0.0.1", listen.ovsdb()))) {
                List<SimulatedNode> nodes = sim.nodes();
                await("every node's br-int and br-tun connected and programmed", () -> {
                    nodes.forEach(this::watch);   // as their bridges appear
                    return nodes.stream().allMatch(n -> programmed(n, Bridges.INTEGRATION) && programmed(n, Bridges.TUNNEL));
                });
                double joined = sinceMs(t0);
                lastChange.accumulateAndGet(System.nanoTime(), Math::max);   // (changes before a switch was watched)
                long settledAt = awaitQuiet();
                out.println("join: nodes  ->all connected, programmed_s  ->last flow change_s  flows (all nodes)  heap_MiB");
                out.printf("      %5d  %28.1f  %20.1f  %17d  %8d%n", nodeCount, joined / 1000, (settledAt - t0) / 1e9,
                        flowCount(nodes), heapMiB());

                t0 = System.nanoTime();
                for (int i = 0; i < ports.size(); i++) {
                    int k = portIndex.get(i);
                    nodes.get(home(k, nodeCount)).plug("tap" + k, ports.get(i), mac(k));
                }
                double plugged = sinceMs(t0);
                awaitActive(api, ports.size());
                double active = sinceMs(t0);
                settledAt = awaitQuiet();
                out.println("plug: VIFs  plug_s  ->all ACTIVE_s  ->last flow change_s  flows (all nodes)  heap_MiB");
                out.printf("     %5d  %6.1f  %14.1f  %20.1f  %17d  %8d%n", ports.size(), plugged / 1000, active / 1000,
                        (settledAt - t0) / 1e9, flowCount(nodes), heapMiB());

                int n = sampleIndex.size();
                double[] toFlows = new double[n];
                double[] toActive = new double[n];
                int[] touched = new int[n];
                for (int i = 0; i < n; i++) {
                    int k = sampleIndex.get(i);
                    String portId = all.get(k);
                    SimulatedNode node = nodes.get(home(k, nodeCount));
                    SimulatedSwitch brInt = node.switches().get(Bridges.INTEGRATION);
                    changed.clear();
                    int ofport = node.plug("tap" + k, portId, mac(k));
                    long p = System.nanoTime();
                    long[] seen = {-1};
                    await("the port's flow on its node", () -> {
                        long now = changes.get(brInt).get();
                        if (now == seen[0]) {
                            return false;   // its table has not changed since it was last read
                        }
                        seen[0] = now;
                        return wired(brInt, ofport);
                    });
                    toFlows[i] = sinceMs(p);
                    awaitPortActive(api, portId, node.hostname());
                    toActive[i] = sinceMs(p);
                    awaitQuiet();
                    touched[i] = (int) changed.stream().map(nodeOf::get).distinct().count();
                }
                out.println("one port: samples  ->flows_ms p50/p99  ->ACTIVE_ms p50/p99  nodes whose flows changed p50/max");
                out.printf("          %7d  %17s  %18s  %d/%d%n", n, Percentiles.p50p99(toFlows), Percentiles.p50p99(toActive),
                        (int) Percentiles.of(Arrays.stream(touched).asDoubleStream().toArray(), 50),
                        Arrays.stream(touched).max().orElse(0));
            }
        } finally {
            RoutingBench.deleteTree(work);
        }
    }

    /** Listens to each switch of {@code n} not yet listened to: when its flows change, and on which node. */
    private void watch(SimulatedNode n) {
        for (SimulatedSwitch sw : n.switches().values()) {
            if (nodeOf.putIfAbsent(sw, n.hostname()) == null) {
                AtomicLong count = new AtomicLong();
                changes.put(sw, count);
                sw.listener((s, nanos) -> {
                    lastChange.set(nanos);
                    changed.add(s);
                    count.incrementAndGet();
                });
            }
        }
    }

    /**
     * The node of the k-th port: a network's {@value #PORTS_PER_NETWORK} ports go to
     * {@value #NODES_PER_NETWORK} consecutive nodes, the next network's to the next ones, so a
     * network is carried by a fiftieth of a thousand nodes and a node carries a few networks.
     */
    static int home(int k, int nodeCount) {
        return (k / PORTS_PER_NETWORK * NODES_PER_NETWORK + k % NODES_PER_NETWORK) % nodeCount;
    }

    /** The MAC a VIF reports as attached (informational; Muon wires the port's own MAC). */
    private static String mac(int i) {
        return String.format("fa:16:3e:%02x:%02x:%02x", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
    }

    private static boolean programmed(SimulatedNode n, String bridge) {
        SimulatedSwitch sw = n.switches().get(bridge);
        return sw != null && sw.isConnected() && sw.flowCount() > 0;
    }

    /** Whether br-int holds a table-0 flow for frames from {@code ofport} that is not a drop. */
    private static boolean wired(SimulatedSwitch brInt, int ofport) {
        // OXM in_port: class 0x8000, field 0, length 4, then the port number
        byte[] inPort = {(byte) 0x80, 0, 0, 4, (byte) (ofport >>> 24), (byte) (ofport >>> 16), (byte) (ofport >>> 8),
                (byte) ofport};
        return brInt.flows().stream().anyMatch(f -> f.table() == 0 && f.instructions().length > 0
                && indexOf(f.match(), inPort) >= 0);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** When the last flow change landed, once none has for {@link #QUIET_NS}. */
    private long awaitQuiet() throws InterruptedException {
        while (System.nanoTime() - lastChange.get() < QUIET_NS) {
            Thread.sleep(50);
        }
        return lastChange.get();
    }

    private static void awaitActive(BenchApi api, int expected) throws Exception {
        BenchWait.until(expected + " ports ACTIVE", Duration.ofNanos(TIMEOUT_NS), Duration.ofMillis(200), () -> {
            int n = 0;
            for (JsonNode p : api.get("ports?fields=status").get("ports")) {
                if ("ACTIVE".equals(p.get("status").asText())) {
                    n++;
                }
            }
            return n >= expected;
        });
    }

    private static void awaitPortActive(BenchApi api, String id, String host) throws Exception {
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TIMEOUT_NS) {
            JsonNode p = api.get("ports/" + id).get("port");
            if ("ACTIVE".equals(p.get("status").asText()) && host.equals(p.get("binding:host_id").asText())) {
                return;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException(id + " not ACTIVE");
    }

    private static long flowCount(List<SimulatedNode> nodes) {
        return nodes.stream().flatMap(n -> n.switches().values().stream()).mapToLong(SimulatedSwitch::flowCount).sum();
    }

    private static long heapMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static void await(String what, BenchWait.Check check) throws Exception {
        BenchWait.until(what, Duration.ofNanos(TIMEOUT_NS), Duration.ofMillis(1), check);
    }

    private static double sinceMs(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}
