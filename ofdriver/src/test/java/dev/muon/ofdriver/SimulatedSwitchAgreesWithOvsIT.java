package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.flow.FlowDump;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.MeterDiff;
import dev.muon.pipeline.flow.Subfield;
import dev.muon.simulator.openflow.SimulatedSwitch;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator checked against the real thing: a bridge of a real userspace ovs-vswitchd and a
 * {@link SimulatedSwitch} connect to the same {@link OpenFlowServer}, and the controller's own
 * driver applies the same changes to both. What the pipeline compiles for a node, and flows
 * using every field and action, must be accepted by both and dump back as the same flows, parsed
 * by the driver and byte for byte (OVS read over its management socket);
 * flow-mods Open vSwitch refuses must be refused by the simulator with the same error type and
 * code, the bundle leaving both tables as they were; what OVS accepts, the simulator accepts.
 */
@Tag("integration")
class SimulatedSwitchAgreesWithOvsIT {
    private static final Logger log = LoggerFactory.getLogger(SimulatedSwitchAgreesWithOvsIT.class);
    private static final int T = 30;
    private static final long COOKIE = OpenFlowDriverIT.COOKIE;

    static DriverNode lab;
    static RecordingListener listener;
    static OpenFlowServer server;
    static OvsNode node;
    static NioEventLoopGroup loop;
    static final List<SimulatedSwitch> simulated = new ArrayList<>();

    /** The same bridge twice: in Open vSwitch and simulated. */
    record Pair(String bridge, OpenFlowSwitch ovs, OpenFlowSwitch sim, SimulatedSwitch simulated) {
    }

    @BeforeAll
    static void start() throws Exception {
        lab = DriverNode.start();
        listener = lab.listener;
        server = lab.server;
        node = lab.node;
        loop = new NioEventLoopGroup(1);
    }

    @AfterAll
    static void stop() {
        simulated.forEach(SimulatedSwitch::close);
        if (loop != null) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        if (lab != null) {
            lab.close();
        }
    }

    static Pair pair(String bridge, long dpid) throws Exception {
        return pair(bridge, dpid, "OpenFlow13", "OpenFlow14");
    }

    static Pair pair(String bridge, long dpid, String... protocols) throws Exception {
        OpenFlowSwitch ovs = lab.bridge(bridge, dpid, String.join(",", protocols));
        long simDpid = dpid | 0x5100_0000_0000_0000L;
        SimulatedSwitch s = new SimulatedSwitch(loop, simDpid, new InetSocketAddress("127.0.0.1", server.port()));
        s.protocols(protocols);
        simulated.add(s);
        s.connect();
        OpenFlowSwitch sim = listener.await("connected", simDpid, 20_000).sw();
        assertEquals(((SwitchConnection) ovs).version(), ((SwitchConnection) sim).version(), "negotiated version");
        return new Pair(bridge, ovs, sim, s);
    }

    @Test
    void compiledNodeFlowsAreAcceptedAndDumpedAlike() throws Exception {
        DesiredState before = CompiledNode.node1(40);
        DesiredState after = CompiledNode.node1(25);
        long dpid = 0x00004d7500000c00L;
        for (String bridge : List.of("br-int", "br-tun")) {
            List<Flow> flows = before.flows(bridge);
            assertTrue(flows.size() > (bridge.equals("br-int") ? 300 : 20), bridge + ": " + flows.size() + " flows");
            Pair p = pair("c" + bridge, dpid++);
            List<Meter> meters = before.meters(bridge);
            applyToBoth(p, MeterDiff.between(List.of(), meters));
            assertEquals(Set.copyOf(meters), Set.copyOf(p.sim().dumpMeters().get(T, TimeUnit.SECONDS)));
            assertEquals(Set.copyOf(meters), Set.copyOf(p.ovs().dumpMeters().get(T, TimeUnit.SECONDS)));

            bothAccept(p, new FlowChanges(flows, List.of()));
            List<Flow> dumped = assertSameDumps(p);
            assertEquals(new HashSet<>(flows), new HashSet<>(dumped), "read back as compiled");
            assertSameBytes(p);
            assertEquals(flows.size(), p.simulated().flowCount());

            // the node loses 15 VMs: an incremental change of deletes and modified flows
            FlowChanges change = FlowDiff.between(dumped, after.flows(bridge));
            assertFalse(change.deletes().isEmpty(), "the change deletes flows");
            log.info("{}: {} flows, then {} deletes and {} upserts", bridge, flows.size(), change.deletes().size(),
                    change.upserts().size());
            bothAccept(p, change);
            dumped = assertSameDumps(p);
            assertEquals(new HashSet<>(after.flows(bridge)), new HashSet<>(dumped));
            assertEquals(after.flows(bridge).size(), p.simulated().flowCount());

            // an add of an existing table, priority and match replaces it: new cookie, new actions
            List<Flow> replaced = new ArrayList<>();
            for (int i = 0; i < dumped.size(); i += 3) {
                Flow f = dumped.get(i);
                replaced.add(new Flow(f.table(), f.priority(), f.cookie() ^ 0x77, f.match(),
                        f.table() < 250 ? List.of(Action.output(7), Action.gotoTable(f.table() + 1)) : List.of()));
            }
            bothAccept(p, new FlowChanges(replaced, List.of()));
            List<Flow> now = assertSameDumps(p);
            assertEquals(dumped.size(), now.size(), "replaced, not added");
            assertTrue(now.containsAll(replaced));
            assertSameBytes(p);
        }
    }

    @Test
    void everyFieldAndActionIsAcceptedAndDumpedAlike() throws Exception {
        Pair p = pair("br-every", 0x00004d7500000c10L);
        applyToBoth(p, MeterDiff.between(List.of(), EveryCase.METERS));
        List<Flow> flows = EveryCase.all();
        bothAccept(p, new FlowChanges(flows, List.of()));
        assertEquals(new HashSet<>(flows), new HashSet<>(assertSameDumps(p)));
        assertSameBytes(p);
        // deleting the meter deletes the flows that use it, in both
        applyToBoth(p, MeterDiff.between(EveryCase.METERS, List.of()));
        List<Flow> left = assertSameDumps(p);
        assertTrue(left.size() < flows.size(), "metered flows went with their meter");
    }

    @Test
    void badFlowModsAreRefusedAlikeAndLeaveBothTablesAsTheyWere() throws Exception {
        Pair p = pair("br-bad", 0x00004d7500000c20L);
        applyToBoth(p, MeterDiff.between(List.of(), List.of(new Meter(5, 100, 10))));
        List<Flow> base = OpenFlowDriverIT.neutronLikeFlows();
        bothAccept(p, new FlowChanges(base, List.of()));
        Set<Flow> baseSet = new HashSet<>(assertSameDumps(p));

        Match ip = Match.builder().ethType(Field.ETH_TYPE_IPV4).build();
        Match ip6 = Match.builder().ethType(Field.ETH_TYPE_IPV6).build();
        Match icmp6 = Match.builder().ethType(Field.ETH_TYPE_IPV6).ipProto(Field.IP_PROTO_ICMPV6).build();
        Match udp = Match.builder().ethType(Field.ETH_TYPE_IPV4).ipProto(Field.IP_PROTO_UDP).build();
        List<Flow> refused = List.of(
                flow(30, 1, Match.builder().inPort(1).build(), Action.gotoTable(20)),
                flow(30, 2, Match.builder().inPort(1).build(), Action.gotoTable(30)),
                flow(31, 1, Match.builder().inPort(9).build(), new Action.UseMeter(99), Action.controller()),
                flow(31, 2, Match.ANY, Action.setField(Field.IPV4_SRC, "10.0.0.1"), Action.output(1)),
                flow(31, 3, Match.builder().inPort(3).build(), Action.setVlanVid(5), Action.output(1)),
                flow(31, 4, Match.builder().inPort(3).vlan(4).build(), Action.popVlan(), Action.setVlanVid(5), Action.output(1)),
                flow(31, 5, Match.ANY, Action.move(Field.ARP_TPA, Field.REG0), Action.output(1)),
                flow(31, 6, ip, Action.load(Subfield.whole(Field.TCP_DST), 80), Action.output(1)),
                flow(31, 7, udp, Action.setField(Field.TCP_SRC, "80"), Action.output(1)),
                flow(31, 8, Match.ANY, Action.decTtl(), Action.output(1)),
                flow(31, 9, Match.builder().inPort(3).build(), new Action.Ct(false, 72, null, 5, null, List.of())),
                flow(31, 10, icmp6, Action.setField(Field.ND_TARGET, "fe80::1"), Action.output(1)),
                flow(31, 11, ip6, Action.setField(Field.ARP_SPA, "10.0.0.1"), Action.output(1)),
                flow(31, 12, Match.builder().inPort(4).build(), new Action.Conjunction(7, 1, 2), Action.output(1)));
        for (Flow bad : refused) {
            // with a good add and a delete of an existing flow around it: all or nothing
            Flow good = flow(32, 1, Match.builder().inPort(7).build(), Action.output(2));
            FlowChanges changes = new FlowChanges(List.of(good, bad), List.of(base.get(0)));
            OpenFlowErrorException ovsError = outcome(p.ovs().apply(changes));
            OpenFlowErrorException simError = outcome(p.sim().apply(changes));
            assertNotNull(ovsError, "Open vSwitch accepted " + bad.toOfctl());
            assertNotNull(simError, "the simulator accepted what Open vSwitch refused (" + ovsError.getMessage() + "): "
                    + bad.toOfctl());
            assertEquals(ovsError.errorType() + "/" + ovsError.errorCode(), simError.errorType() + "/" + simError.errorCode(),
                    bad.toOfctl());
            assertEquals(baseSet, new HashSet<>(assertSameDumps(p)), "nothing of the bundle applied: " + bad.toOfctl());
        }

        List<Flow> accepted = List.of(
                flow(31, 20, Match.builder().inPort(3).build(), Action.pushVlan(), Action.setVlanVid(5), Action.output(1)),
                flow(31, 21, ip, Action.setField(Field.IPV4_SRC, "10.0.0.1"), Action.decTtl(), Action.output(1)),
                flow(31, 22, ip6, Action.decTtl(), new Action.Ct(true, null, null, 5, null, List.of()), Action.gotoTable(40)),
                flow(31, 23, Match.builder().inPort(9).build(), new Action.UseMeter(5), Action.controller()),
                flow(31, 24, Match.builder().ethType(Field.ETH_TYPE_ARP).build(), Action.move(Field.ARP_TPA, Field.REG0),
                        Action.output(0xfeff)),
                flow(31, 25, udp, Action.setField(Field.UDP_SRC, "68"), Action.resubmit(3), Action.output(OpenFlowPorts.LOCAL)));
        List<Flow> expected = new ArrayList<>(baseSet);
        for (Flow good : accepted) {
            OpenFlowErrorException ovsError = outcome(p.ovs().apply(new FlowChanges(List.of(good), List.of())));
            assertNull(ovsError, "Open vSwitch refused " + good.toOfctl());
            assertNull(outcome(p.sim().apply(new FlowChanges(List.of(good), List.of()))), good.toOfctl());
            expected.add(good);
        }
        assertEquals(new HashSet<>(expected), new HashSet<>(assertSameDumps(p)));

        // borderline flows, whichever way Open vSwitch decides: the simulator must decide alike
        Match icmp = Match.builder().ethType(Field.ETH_TYPE_IPV4).ipProto(Field.IP_PROTO_ICMP).build();
        List<Flow> borderline = new ArrayList<>();
        int priority = 1;
        for (int port : List.of(0, 0xff00, 0xffff, 0x10000, OpenFlowPorts.TABLE, OpenFlowPorts.FLOOD)) {
            borderline.add(flow(33, priority++, Match.builder().inPort(1).build(), Action.output(port)));
        }
        borderline.addAll(List.of(
                flow(33, priority++, ip6, new Action.Ct(true, null, null, 5, dev.muon.pipeline.flow.Nat.src("203.0.113.10"), List.of())),
                flow(33, priority++, ip, new Action.Ct(false, 40, null, 5, dev.muon.pipeline.flow.Nat.src("203.0.113.10"), List.of())),
                flow(33, priority++, ip, new Action.Ct(false, 40, null, 5, dev.muon.pipeline.flow.Nat.existing(), List.of())),
                flow(33, priority++, Match.ANY, Action.outputReg(Subfield.whole(Field.ARP_TPA))),
                flow(33, priority++, icmp6, Action.setField(Field.ICMPV4_TYPE, "0"), Action.output(1)),
                flow(33, priority++, icmp, Action.setField(Field.ICMPV6_TYPE, "0"), Action.output(1)),
                flow(33, priority++, udp, Action.load(Subfield.bits(Field.TCP_DST, 0, 7), 1), Action.output(1)),
                flow(33, priority++, Match.ANY, Action.resubmit(33), new Action.Controller(0)),
                flow(33, priority++, Match.ANY, new Action.CheckPktLarger(100, Subfield.bits(Field.REG0, 0, 0)), Action.output(1)),
                flow(33, priority++, ip, Action.decTtl(), Action.decTtl(), Action.setField(Field.NW_TTL, "1"), Action.output(1)),
                flow(33, priority++, Match.builder().inPort(5).vlan(3).build(), Action.pushVlan(), Action.setVlanVid(4), Action.output(1)),
                flow(33, priority++, Match.builder().inPort(5).untagged().build(), Action.popVlan(), Action.output(1)),
                flow(33, priority++, ip, Action.setTunnelId(5), Action.output(OpenFlowPorts.LOCAL), Action.gotoTable(34)),
                flow(33, priority++, Match.builder().inPort(6).build(), new Action.Conjunction(9, 1, 2),
                        new Action.Conjunction(9, 2, 2))));
        for (Flow f : borderline) {
            OpenFlowErrorException ovsError = outcome(p.ovs().apply(new FlowChanges(List.of(f), List.of())));
            OpenFlowErrorException simError = outcome(p.sim().apply(new FlowChanges(List.of(f), List.of())));
            String ovs = ovsError == null ? "accepted" : ovsError.errorType() + "/" + ovsError.errorCode();
            log.info("Open vSwitch: {}: {}", ovs, f.toOfctl());
            assertEquals(ovs, simError == null ? "accepted" : simError.errorType() + "/" + simError.errorCode(), f.toOfctl());
        }
        assertSameDumps(p);
        assertSameBytes(p);
    }

    @Test
    void meterModsAreDecidedAlike() throws Exception {
        Pair p = pair("br-meter", 0x00004d7500000c40L);
        applyToBoth(p, MeterDiff.between(List.of(), List.of(new Meter(5, 100, 10))));
        List<dev.muon.pipeline.flow.MeterChanges> cases = List.of(
                new dev.muon.pipeline.flow.MeterChanges(List.of(new Meter(5, 200, 10)), List.of(), List.of()),
                new dev.muon.pipeline.flow.MeterChanges(List.of(), List.of(new Meter(6, 200, 10)), List.of()),
                new dev.muon.pipeline.flow.MeterChanges(List.of(), List.of(), List.of(new Meter(7, 200, 10))),
                new dev.muon.pipeline.flow.MeterChanges(List.of(new Meter(300_000, 200, 10)), List.of(), List.of()),
                new dev.muon.pipeline.flow.MeterChanges(List.of(new Meter(Meter.MAX_ID, 200, 10)), List.of(), List.of()),
                new dev.muon.pipeline.flow.MeterChanges(List.of(), List.of(new Meter(5, 1, 1)), List.of()));
        for (var change : cases) {
            OpenFlowErrorException ovsError = outcome(p.ovs().apply(change));
            OpenFlowErrorException simError = outcome(p.sim().apply(change));
            String ovs = ovsError == null ? "accepted" : ovsError.errorType() + "/" + ovsError.errorCode();
            log.info("Open vSwitch: {}: {}", ovs, change);
            assertEquals(ovs, simError == null ? "accepted" : simError.errorType() + "/" + simError.errorCode(), change.toString());
            assertEquals(Set.copyOf(p.ovs().dumpMeters().get(T, TimeUnit.SECONDS)),
                    Set.copyOf(p.sim().dumpMeters().get(T, TimeUnit.SECONDS)), change.toString());
        }
    }

    /**
     * OpenFlow 1.3 has no bundles: the driver sends plain flow-mods and a barrier, so a refused
     * flow-mod leaves what came before it applied, in both.
     */
    @Test
    void onOpenFlow13ARefusedFlowModLeavesTheEarlierOnesAppliedInBoth() throws Exception {
        Pair p = pair("br-of13", 0x00004d7500000c30L, "OpenFlow13");
        assertEquals("OF_13", ((SwitchConnection) p.sim()).version().toString());
        List<Flow> base = OpenFlowDriverIT.neutronLikeFlows();
        bothAccept(p, new FlowChanges(base, List.of()));
        assertEquals(new HashSet<>(base), new HashSet<>(assertSameDumps(p)));
        Flow invalid = flow(30, 1, Match.builder().inPort(1).build(), Action.gotoTable(20));
        FlowChanges changes = new FlowChanges(List.of(invalid), base.subList(0, 2));
        OpenFlowErrorException ovsError = outcome(p.ovs().apply(changes));
        OpenFlowErrorException simError = outcome(p.sim().apply(changes));
        assertNotNull(ovsError);
        assertNotNull(simError);
        assertEquals(ovsError.errorType() + "/" + ovsError.errorCode(), simError.errorType() + "/" + simError.errorCode());
        assertEquals(new HashSet<>(base.subList(2, base.size())), new HashSet<>(assertSameDumps(p)));
    }

    /**
     * Below the driver, what it never sends but a controller could: the same raw flow-mods and
     * bundle messages to Open vSwitch (its management socket) and to a simulated switch (connected
     * to this test): non-strict modify and delete, cookie masks, out_port, table 255, bad bundle
     * sequences. The replies (errors, bundle replies) and the dumps, byte for byte, must agree.
     */
    @Test
    void rawFlowModsAndBundleSequencesAgree() throws Exception {
        String bridge = "br-raw";
        node.vsctl("add-br", bridge, "--", "set", "bridge", bridge, "datapath_type=netdev", "fail_mode=secure",
                "protocols=OpenFlow13,OpenFlow14");
        try (var listening = RawOpenFlow.listen()) {
            SimulatedSwitch s = new SimulatedSwitch(loop, 0x5100_0000_0000_0c50L, (InetSocketAddress) listening.getLocalAddress());
            simulated.add(s);
            s.connect();
            try (RawOpenFlow ovs = RawOpenFlow.unix(node.dir.resolve(bridge + ".mgmt")); RawOpenFlow sim = RawOpenFlow.accept(listening)) {
                RawSteps steps = new RawSteps(ovs);
                for (RawSteps.Step step : steps.all()) {
                    List<String> fromOvs = ovs.exchange(step.messages());
                    List<String> fromSim = sim.exchange(step.messages());
                    log.info("{}: Open vSwitch answered {}", step.name(), fromOvs);
                    assertEquals(fromOvs, fromSim, step.name());
                    assertEquals(String.join("\n", ovs.dumpFlows()), String.join("\n", sim.dumpFlows()), step.name());
                }
            }
        }
    }

    // --- helpers ---

    static Flow flow(int table, int priority, Match m, Action... actions) {
        return new Flow(table, priority, COOKIE, m, List.of(actions));
    }

    static void bothAccept(Pair p, FlowChanges changes) throws Exception {
        CompletableFuture<Void> ovs = p.ovs().apply(changes);
        CompletableFuture<Void> sim = p.sim().apply(changes);
        ovs.get(T, TimeUnit.SECONDS);
        sim.get(T, TimeUnit.SECONDS);
    }

    static void applyToBoth(Pair p, dev.muon.pipeline.flow.MeterChanges changes) throws Exception {
        p.ovs().apply(changes).get(T, TimeUnit.SECONDS);
        p.sim().apply(changes).get(T, TimeUnit.SECONDS);
    }

    /** Null if the change was applied, else the switch's error. */
    static OpenFlowErrorException outcome(CompletableFuture<Void> f) throws Exception {
        try {
            f.get(T, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OpenFlowErrorException err) {
                return err;
            }
            throw e;
        }
    }

    /**
     * Below the driver: every flow-stats entry of Open vSwitch (read over its management socket)
     * and of the simulator hold the same table, priority, cookie, match and instruction bytes
     * (OVS writes a match in its own field order and re-encodes actions; the simulator must too).
     */
    static void assertSameBytes(Pair p) throws Exception {
        Set<String> ovs = mgmtDump(p.bridge());
        Set<String> sim = new java.util.TreeSet<>();
        for (SimulatedSwitch.FlowView f : p.simulated().flows()) {
            sim.add(RawOpenFlow.line(f.table(), f.priority(), f.cookie(), f.match(), f.instructions())
                    + " flags=0x" + Integer.toHexString(f.flags()));
        }
        Set<String> onlyOvs = new java.util.TreeSet<>(ovs);
        onlyOvs.removeAll(sim);
        Set<String> onlySim = new java.util.TreeSet<>(sim);
        onlySim.removeAll(ovs);
        assertEquals(String.join("\n", onlyOvs), String.join("\n", onlySim), p.bridge() + ": entries Open vSwitch dumps (expected) "
                + "and the simulator's that differ");
    }

    static Set<String> mgmtDump(String bridge) throws Exception {
        try (RawOpenFlow ovs = RawOpenFlow.unix(node.dir.resolve(bridge + ".mgmt"))) {
            return ovs.dumpFlows();
        }
    }

    /** Both dumps, parsed by the driver, hold the same flows; returns them. */
    static List<Flow> assertSameDumps(Pair p) throws Exception {
        List<Flow> ovs = FlowDump.sorted(p.ovs().dumpFlows().get(T, TimeUnit.SECONDS));
        List<Flow> sim = FlowDump.sorted(p.sim().dumpFlows().get(T, TimeUnit.SECONDS));
        Set<Flow> onlyOvs = new HashSet<>(ovs);
        sim.forEach(onlyOvs::remove);
        Set<Flow> onlySim = new HashSet<>(sim);
        ovs.forEach(onlySim::remove);
        assertEquals(Set.of(), onlySim, p.bridge() + ": only the simulator dumps these (Open vSwitch dumps "
                + onlyOvs.stream().map(Flow::toOfctl).toList() + ")");
        assertEquals(Set.of(), onlyOvs, p.bridge() + ": only Open vSwitch dumps these");
        assertEquals(ovs.size(), sim.size(), p.bridge() + ": as many flows");
        return ovs;
    }
}
