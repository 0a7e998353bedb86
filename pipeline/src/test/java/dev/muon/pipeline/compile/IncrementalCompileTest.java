package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.HostRoute;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The incremental compiler against the full one: random sequences of what a cloud does between two
 * passes (ports created, plugged, bound, turning ACTIVE or DOWN, moving between security groups,
 * changing addresses, going down, deleted, unplugged; now and then a rule, a router or a floating
 * IP), on seed 003 with its router, gateway, floating IPs and security groups plus a network only
 * node3 carries. After every step each node's incremental result must equal a fresh compile.
 */
class IncrementalCompileTest {
    private static final List<String> HOSTS = List.of("node1", "node2", "node3");
    private static final List<String> NETWORKS = List.of("net-private", "net-private2", "net-lonely");
    private static final String WEB = "sg-web";

    private static Map<String, Integer> vlans() {
        Map<String, Integer> out = new HashMap<>(SeedTopology.externalVlans());
        out.put("net-lonely", 4);
        return out;
    }

    private static SeedTopology cloud() {
        SeedTopology t = SeedTopology.seed003External();
        t.network("net-lonely", "lonely", 0x44);
        t.subnet("sub-lonely", "net-lonely", "10.2.0.0/24");
        t.securityGroups.add(new SecurityGroup(WEB, "web", "", "proj", true, List.of(), SeedTopology.T,
                SeedTopology.T, 1));
        t.rules.add(SeedTopology.rule("rule-http-from-web", SeedTopology.DEFAULT_GROUP, "ingress", "IPv4", "tcp", 80,
                80, null, WEB));
        return t;
    }

    @Test
    void randomChangeSequencesCompileAsAFreshCompileWould() {
        long totalKept = 0;
        long totalCompiled = 0;
        for (long seed = 1; seed <= 12; seed++) {
            SeedTopology t = cloud();
            IncrementalCompiler inc = new IncrementalCompiler();
            Steps steps = new Steps(t, new Random(seed));
            check(t, inc, "seed " + seed + " start");
            for (int step = 0; step < 60; step++) {
                String what = steps.next();
                check(t, inc, "seed " + seed + " step " + step + ": " + what);
            }
            totalKept += inc.keptCount();
            totalCompiled += inc.compiledCount();
        }
        // the property holds trivially if nothing is ever kept; the sequences must exercise both paths
        assertTrue(totalKept > totalCompiled / 4, "kept " + totalKept + ", compiled " + totalCompiled);
    }

    @Test
    void aPortOnANetworkANodeDoesNotCarryKeepsThatNodesStateAsItWas() {
        SeedTopology t = cloud();
        IncrementalCompiler inc = new IncrementalCompiler();
        DesiredState node1 = inc.compile(t.input("node1", vlans()));
        t.port("port-lonely-1", "net-lonely", "sub-lonely", "10.2.0.5", "fa:16:3e:44:00:01", "node3");
        t.update("port-lonely-1", p -> new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(),
                p.macAddress(), p.fixedIps(), true, "ACTIVE", p.deviceId(), p.deviceOwner(), "node3",
                p.portSecurityEnabled(), p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), 1, List.of(),
                p.bindingProfile(), p.tags()));
        assertSame(node1, inc.compile(t.input("node1", vlans())));
        // a member of a group node1's ports name as a remote group reaches node1 wherever it is
        t.update("port-lonely-1", p -> withGroups(p, List.of(WEB)));
        DesiredState after = inc.compile(t.input("node1", vlans()));
        assertSameState(PipelineCompiler.compile(t.input("node1", vlans())), after, "web member");
        assertTrue(after != node1 && !after.equals(node1));
    }

    private static void check(SeedTopology t, IncrementalCompiler inc, String what) {
        for (String host : HOSTS) {
            CompileInput in = t.input(host, vlans());
            assertSameState(PipelineCompiler.compile(in), inc.compile(in), host + " after " + what);
        }
    }

    /** Equal desired states; on failure, only what differs (a whole state is pages long). */
    private static void assertSameState(DesiredState full, DesiredState incremental, String what) {
        if (full.equals(incremental)) {
            return;
        }
        StringBuilder why = new StringBuilder(what + ": incremental differs from a fresh compile");
        for (String bridge : full.flows().keySet()) {
            FlowChanges c = FlowDiff.between(incremental.flows(bridge), full.flows(bridge));
            c.upserts().stream().limit(5).forEach(f -> why.append("\n  missing on ").append(bridge).append(": ").append(f.toOfctl()));
            c.deletes().stream().limit(5).forEach(f -> why.append("\n  extra on ").append(bridge).append(": ").append(f.toOfctl()));
        }
        if (!full.vifTags().equals(incremental.vifTags())) {
            why.append("\n  tags ").append(incremental.vifTags()).append(" instead of ").append(full.vifTags());
        }
        if (!full.portWiring().equals(incremental.portWiring())) {
            why.append("\n  wiring differs");
        }
        fail(why.toString());
    }

    static Port withGroups(Port p, List<String> groups) {
        return new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(), p.macAddress(), p.fixedIps(),
                p.adminStateUp(), p.status(), p.deviceId(), p.deviceOwner(), p.bindingHostId(), p.portSecurityEnabled(),
                p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), p.revisionNumber(), groups, p.bindingProfile(),
                p.tags());
    }

    static Port withBinding(Port p, String host, String status) {
        return new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(), p.macAddress(), p.fixedIps(),
                p.adminStateUp(), status, p.deviceId(), p.deviceOwner(), host, p.portSecurityEnabled(),
                p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), p.revisionNumber(), p.securityGroups(),
                p.bindingProfile(), p.tags());
    }

    /** What happens to the cloud between passes, drawn at random. */
    private static final class Steps {
        private final SeedTopology t;
        private final Random random;
        private final List<Consumer<List<String>>> kinds = new ArrayList<>();
        private int next = 1;
        private int ofport = 20;

        Steps(SeedTopology t, Random random) {
            this.t = t;
            this.random = random;
            // port life, most of the time
            for (int i = 0; i < 4; i++) {
                kinds.add(this::createPort);
                kinds.add(this::plug);
                kinds.add(this::bind);
            }
            kinds.add(this::unplug);
            kinds.add(this::down);
            kinds.add(this::groups);
            kinds.add(this::groups);
            kinds.add(this::addresses);
            kinds.add(this::addresses);
            kinds.add(this::adminState);
            kinds.add(this::delete);
            kinds.add(this::touchFloatingIpTarget);
            // now and then something that is not a port
            kinds.add(this::rule);
            kinds.add(this::routerRoutes);
        }

        String next() {
            List<String> said = new ArrayList<>();
            kinds.get(random.nextInt(kinds.size())).accept(said);
            return String.join(" ", said);
        }

        private <T> T any(List<T> list) {
            return list.get(random.nextInt(list.size()));
        }

        private List<Port> vmPorts() {
            return t.ports.stream().filter(p -> p.deviceOwner().startsWith("compute:")).toList();
        }

        private void createPort(List<String> said) {
            int n = next++;
            String net = any(NETWORKS);
            String sub = net.replace("net-", "sub-");
            String prefix = switch (net) {
                case "net-private" -> "10.0.0.";
                case "net-private2" -> "10.1.0.";
                default -> "10.2.0.";
            };
            String id = "port-r" + n;
            t.port(id, net, sub, prefix + (100 + n), String.format("fa:16:3e:77:%02x:%02x", n / 256, n % 256), "");
            List<List<String>> choices = List.of(List.of(SeedTopology.DEFAULT_GROUP), List.of(WEB),
                    List.of(SeedTopology.DEFAULT_GROUP, WEB), List.of());
            t.update(id, p -> withBinding(withGroups(p, any(choices)), "", "DOWN"));
            said.add("create " + id + " on " + net);
        }

        private void plug(List<String> said) {
            List<Port> unplugged = vmPorts().stream().filter(p -> pluggedOn(p.id()) == null).toList();
            if (unplugged.isEmpty()) {
                return;
            }
            Port p = any(unplugged);
            String host = any(HOSTS);
            t.plug(host, SeedTopology.iface("tap-" + p.id(), "br-int", ofport++, Map.of("iface-id", p.id())));
            said.add("plug " + p.id() + " on " + host);
        }

        private void bind(List<String> said) {
            List<Port> plugged = vmPorts().stream().filter(p -> pluggedOn(p.id()) != null).toList();
            if (plugged.isEmpty()) {
                return;
            }
            Port p = any(plugged);
            String host = pluggedOn(p.id());
            t.update(p.id(), x -> withBinding(x, host, "ACTIVE"));
            said.add("bind " + p.id() + " to " + host);
        }

        private void unplug(List<String> said) {
            List<Port> plugged = vmPorts().stream().filter(p -> pluggedOn(p.id()) != null).toList();
            if (plugged.isEmpty()) {
                return;
            }
            Port p = any(plugged);
            String host = pluggedOn(p.id());
            t.nodes.get(host).interfaces().stream().filter(i -> p.id().equals(i.externalIds().get("iface-id")))
                    .map(ObservedInterface::name).toList().forEach(name -> t.unplug(host, name));
            said.add("unplug " + p.id() + " from " + host);
        }

        private void down(List<String> said) {
            Port p = any(vmPorts());
            t.update(p.id(), x -> withBinding(x, x.bindingHostId(), "DOWN"));
            said.add("down " + p.id());
        }

        private void groups(List<String> said) {
            Port p = any(vmPorts());
            List<String> g = any(List.of(List.of(SeedTopology.DEFAULT_GROUP), List.of(WEB), List.<String>of()));
            t.update(p.id(), x -> withGroups(x, g));
            said.add("groups " + p.id() + " " + g);
        }

        private void addresses(List<String> said) {
            Port p = any(vmPorts());
            FixedIp ip = p.fixedIps().get(0);
            String pair = ip.ipAddress().substring(0, ip.ipAddress().lastIndexOf('.')) + ".250";
            // sometimes the MAC of another port of its network (a VIP moving between two VMs): the first by
            // ofport keeps the steering of that MAC on a node
            String mac = vmPorts().stream().filter(o -> o.networkId().equals(p.networkId()) && !o.id().equals(p.id()))
                    .map(Port::macAddress).findFirst().filter(m -> random.nextBoolean()).orElse(p.macAddress());
            t.update(p.id(), x -> SeedTopology.withAddresses(x, x.fixedIps(),
                    random.nextInt(3) > 0 ? List.of(new AllowedAddressPair(pair, mac)) : List.of()));
            said.add("pairs " + p.id());
        }

        private void adminState(List<String> said) {
            Port p = any(vmPorts());
            t.update(p.id(), x -> SeedTopology.withAdminState(x, !x.adminStateUp()));
            said.add("admin " + p.id());
        }

        private void delete(List<String> said) {
            List<Port> mine = vmPorts().stream().filter(p -> p.id().startsWith("port-r")).toList();
            if (mine.isEmpty()) {
                return;
            }
            Port p = any(mine);
            t.removePort(p.id());
            said.add("delete " + p.id());
        }

        private void touchFloatingIpTarget(List<String> said) {
            t.update("port-test04", x -> withBinding(x, x.bindingHostId(),
                    "ACTIVE".equals(x.status()) ? "DOWN" : "ACTIVE"));
            said.add("status of floating IP target test04");
        }

        private void rule(List<String> said) {
            String id = "rule-extra-" + next++;
            t.rules.add(SeedTopology.rule(id, SeedTopology.DEFAULT_GROUP, "ingress", "IPv4", "tcp", 22, 22,
                    "192.0.2.0/24", null));
            said.add("rule " + id);
        }

        private void routerRoutes(List<String> said) {
            t.updateRouter("router1", r -> r.withRoutes(r.routes().isEmpty()
                    ? List.of(new HostRoute("192.168.50.0/24", "10.0.0.7")) : List.of()));
            said.add("router1 routes");
        }

        private String pluggedOn(String portId) {
            for (String host : HOSTS) {
                boolean here = t.nodes.get(host).interfaces().stream()
                        .anyMatch(i -> portId.equals(i.externalIds().get("iface-id")));
                if (here) {
                    return host;
                }
            }
            return null;
        }
    }
}
