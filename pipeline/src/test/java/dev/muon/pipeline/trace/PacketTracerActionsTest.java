package dev.muon.pipeline.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Nat;
import dev.muon.pipeline.flow.Subfield;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import dev.muon.pipeline.trace.PacketTracer.End;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The tracer's matching and actions on hand-written flows, each case with the flow that
 * makes it go one way and a packet that must go the other: registers and masks, resubmit back
 * to an earlier table, goto_table, ct(table=) resumed with given conntrack states, NAT,
 * dec_ttl, patch ports, output to the in_port, check_pkt_larger, conjunctive matches, ct_mark and ct_zone.
 *
 * <p>The node: br-a with VIFs vif1 (ofport 1) and vif2 (2), patch pa (3) to br-b; br-b with
 * pb (1), a NIC eth1 (2) and a tunnel vxlan-1 (3).
 */
class PacketTracerActionsTest {
    private static final String A = "br-a";
    private static final String B = "br-b";
    private static final NodeState NODE = new NodeState("c1", null, java.util.Set.of(A, B), List.of(
            iface("vif1", A, "internal", 1, Map.of("iface-id", "port-1", "attached-mac", "fa:16:3e:00:00:01"), Map.of()),
            iface("vif2", A, "internal", 2, Map.of("iface-id", "port-2", "attached-mac", "fa:16:3e:00:00:02"), Map.of()),
            iface("pa", A, "patch", 3, Map.of(), Map.of("peer", "pb")),
            iface("pb", B, "patch", 1, Map.of(), Map.of("peer", "pa")),
            iface("eth1", B, "", 2, Map.of(), Map.of()),
            iface("vxlan-1", B, "vxlan", 3, Map.of(), Map.of("remote_ip", "192.168.1.12"))));
    private static final String IP_FROM_VIF1 = "in_port=vif1,ip,dl_src=fa:16:3e:00:00:01,dl_dst=fa:16:3e:00:00:02,"
            + "nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=64";

    private final Map<String, List<Flow>> flows = new HashMap<>();
    private final Map<Long, String> owners = new HashMap<>();

    private static ObservedInterface iface(String name, String bridge, String type, int ofport,
                                           Map<String, String> ids, Map<String, String> options) {
        return new ObservedInterface(name, bridge, type, ofport, null, ids, options);
    }

    /** A flow in {@code bridge}, explained as {@code owner}. */
    private void flow(String bridge, int table, int priority, String owner, UnaryOperator<Match.Builder> match,
                      Action... actions) {
        long cookie = 0x100L + owners.size();
        owners.put(cookie, owner);
        flows.computeIfAbsent(bridge, b -> new ArrayList<>())
                .add(new Flow(table, priority, cookie, match.apply(Match.builder()).build(), List.of(actions)));
    }

    private PacketTracer.Result trace(String bridge, String packet) {
        DesiredState d = new DesiredState("c1", List.of(), Map.of(), flows, owners);
        return PacketTracer.trace(d, NODE, NetworkModel.EMPTY, bridge, TracePacket.parse(packet));
    }

    private static List<String> where(PacketTracer.Result r) {
        return r.ends().stream().map(e -> e.kind() + (e.port() == null ? "" : ":" + e.port())).toList();
    }

    private static Subfield reg(int n) {
        return Subfield.whole(Field.register(n));
    }

    private static Action ct(boolean commit, Integer table, Nat nat) {
        return new Action.Ct(commit, table, Subfield.bits(Field.REG6, 0, 15), 0, nat, List.of());
    }

    @Test
    void aRegisterLoadedInOneTableChoosesTheOutputPortLater() {
        flow(A, 0, 10, "vif1 in", m -> m.inPort(1), new Action.Load(reg(5), 2), new Action.Load(reg(6), 7),
                new Action.GotoTable(10));
        flow(A, 10, 20, "wrong network", m -> m.reg(6, 8), Action.output(1));
        flow(A, 10, 10, "deliver", m -> m.reg(6, 7), new Action.OutputReg(reg(5)));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("VIF:vif2"), where(r), r.text());
        assertTrue(r.outcomes().get(0).contains("reg5=0x2,reg6=0x7"), r.text());
    }

    @Test
    void registersStartAtZeroAsInOpenVswitch() {
        flow(A, 0, 10, "fresh", m -> m.reg(5, 0), Action.output(2));
        flow(A, 0, 1, "not fresh", m -> m, Action.output(1));
        assertEquals(List.of("VIF:vif2"), where(trace(A, IP_FROM_VIF1)));
        assertEquals(List.of("VIF:vif1"), where(trace(A, "in_port=vif2,reg5=1,ip")));
    }

    @Test
    void maskedMatchesCompareOnlyTheMaskedBits() {
        flow(A, 0, 40, "multicast", m -> m.ethDst("01:00:00:00:00:00", "01:00:00:00:00:00"), Action.output(3));
        flow(A, 0, 30, "web ports 80-95", m -> m.ethType(0x0800).ipProto(6).tcpDst(0x50, 0xfff0), Action.output(2));
        flow(A, 0, 20, "subnet", m -> m.ethType(0x0800).ipv4Dst("10.0.1.0/24"), Action.output(2));
        flow(A, 0, 15, "reg bits 8..15 = 3", m -> m.regBits(7, 8, 15, 3), Action.output(2));
        flow(A, 0, 0, "else", m -> m);
        String tcp = "in_port=vif1,tcp,dl_dst=fa:16:3e:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,tp_src=999,tp_dst=";
        assertEquals(List.of("VIF:vif2"), where(trace(A, tcp + "81")));
        assertEquals(List.of("VIF:vif2"), where(trace(A, tcp + "95")));
        assertEquals(List.of("DROP"), where(trace(A, tcp + "96")));
        assertEquals(List.of("VIF:vif2"), where(trace(A, "in_port=vif1,ip,dl_dst=fa:16:3e:00:00:02,nw_dst=10.0.1.77")));
        assertEquals(List.of("DROP"), where(trace(A, "in_port=vif1,ip,dl_dst=fa:16:3e:00:00:02,nw_dst=10.0.2.77")));
        assertEquals(List.of("DROP"), where(trace(A, "in_port=vif1,ip,dl_dst=fa:16:3e:00:00:02")),
                "no nw_dst given: a flow on nw_dst does not match");
        assertEquals(List.of("VIF:vif2"), where(trace(A, "in_port=vif1,dl_dst=fa:16:3e:00:00:02,reg7=0xff0301")));
        assertEquals(List.of("DROP"), where(trace(A, "in_port=vif1,dl_dst=fa:16:3e:00:00:02,reg7=0xff0401")));
        // a broadcast takes the multicast flow into br-b, which has no flow for it
        PacketTracer.Result bcast = trace(A, "in_port=vif2,dl_dst=ff:ff:ff:ff:ff:ff");
        assertEquals(List.of("DROP"), where(bcast), bcast.text());
        assertTrue(bcast.outcomes().get(0).startsWith("dropped in br-b table 0 (miss)"), bcast.text());
    }

    @Test
    void resubmitRunsAnEarlierTableAndComesBackToTheRestOfTheActions() {
        flow(A, 0, 10, "start", m -> m.inPort(1), new Action.GotoTable(5));
        flow(A, 5, 10, "ask table 1, then deliver", m -> m, new Action.Resubmit(1), new Action.OutputReg(reg(5)));
        flow(A, 1, 10, "choose vif2", m -> m.reg(6, 0), new Action.Load(reg(5), 2));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("VIF:vif2"), where(r), r.text());
        assertTrue(r.text().contains("resubmit(,1)"), r.text());
    }

    @Test
    void aMissInAResubmittedTableOnlyEndsTheResubmit() {
        flow(A, 0, 10, "start", m -> m.inPort(1), new Action.Resubmit(1), Action.output(2));
        flow(A, 1, 10, "only for reg6=9", m -> m.reg(6, 9), new Action.Load(reg(5), 2));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("VIF:vif2"), where(r), r.text());
        assertTrue(r.text().contains("the resubmit returns"), r.text());
    }

    @Test
    void actionsThatEndWithoutAnOutputAreADrop() {
        flow(A, 0, 10, "rewrites only", m -> m, new Action.Load(reg(5), 2));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("DROP"), where(r), r.text());
        assertEquals("dropped in br-a: no output", r.outcomes().get(0));
    }

    /** Table 0 sends IP through conntrack in zone reg6 and resumes in table 2, which allows only +est. */
    private void firewall() {
        flow(A, 0, 10, "track", m -> m.ethType(0x0800), new Action.Load(reg(6), 5), ct(false, 2, null));
        flow(A, 2, 30, "established", m -> m.ctState("+est+trk").ctZone(5), Action.output(2));
        flow(A, 2, 20, "new: commit and track again", m -> m.ctState("+new+trk").ethType(0x0800),
                ct(true, 3, null));
        flow(A, 3, 10, "second pass", m -> m.ctState("+est+trk"), Action.output(2));
        flow(A, 3, 5, "second pass, not established", m -> m, Action.controller());
    }

    @Test
    void ctWithATableResumesThereWithTheGivenConntrackStatesOnePerRecirculation() {
        firewall();
        PacketTracer.Result est = trace(A, IP_FROM_VIF1 + " --ct-next trk,est");
        assertEquals(List.of("VIF:vif2"), where(est), est.text());
        assertTrue(est.text().contains("ct_state=est|trk (--ct-next), ct_zone=5"), est.text());
        // without --ct-next: trk,new, as OVS; commit, recirculate again, trk,new again: to the controller
        PacketTracer.Result dflt = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("CONTROLLER"), where(dflt), dflt.text());
        assertTrue(dflt.text().contains("the default ct_state=trk|new"), dflt.text());
        // new, then established on the second recirculation
        PacketTracer.Result twice = trace(A, IP_FROM_VIF1 + " --ct-next trk,new --ct-next trk,est");
        assertEquals(List.of("VIF:vif2"), where(twice), twice.text());
        assertTrue(twice.text().contains("table=3"), twice.text());
    }

    @Test
    void theCtZoneComesFromTheRegisterBitsTheActionNames() {
        firewall();
        flows.get(A).set(0, new Flow(0, 10, 0x1ffL, Match.builder().ethType(0x0800).build(),
                List.of(new Action.Load(reg(6), 0x70006), ct(false, 2, null))));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1 + " --ct-next trk,est");
        assertEquals(List.of("DROP"), where(r), "zone 6 (the low 16 bits of reg6), not 5:\n" + r.text());
        assertTrue(r.text().contains("ct_zone=6"), r.text());
    }

    @Test
    void ctWithoutATableGoesOnUntrackedAsOvsClearsTheConntrackFields() {
        flow(A, 0, 10, "commit, then look at ct_state", m -> m.ethType(0x0800), ct(true, null, null),
                new Action.Resubmit(1), Action.output(2));
        flow(A, 1, 10, "tracked?", m -> m.ctState("+trk"), Action.controller());
        PacketTracer.Result r = trace(A, IP_FROM_VIF1 + " --ct-next trk,est");
        assertEquals(List.of("VIF:vif2"), where(r), r.text());
        // and a packet that came in with a conntrack state loses it too
        PacketTracer.Result withState = trace(A, IP_FROM_VIF1 + ",ct_state=trk|est");
        assertEquals(List.of("VIF:vif2"), where(withState), withState.text());
    }

    @Test
    void ctClearForgetsTheConntrackState() {
        flow(A, 0, 10, "clear", m -> m, new Action.CtClear(), new Action.Resubmit(1), Action.output(2));
        flow(A, 1, 10, "tracked?", m -> m.ctState("+trk"), Action.controller());
        assertEquals(List.of("VIF:vif2"), where(trace(A, IP_FROM_VIF1 + ",ct_state=trk|est")));
    }

    @Test
    void ctNatWithAnAddressIsAppliedOnTheRecirculatedPacketABareNatIsNot() {
        flow(A, 0, 10, "FIP: DNAT to the fixed IP", m -> m.ethType(0x0800).ipv4Dst("203.0.113.20"),
                ct(true, 3, Nat.dst("10.0.0.2")));
        flow(A, 0, 9, "un-NAT whatever the connection has", m -> m.ethType(0x0800).ipv4Dst("203.0.113.10"),
                ct(false, 3, Nat.existing()));
        flow(A, 3, 10, "to the fixed IP", m -> m.ethType(0x0800).ipv4Dst("10.0.0.2"), Action.output(2));
        String toFip = "in_port=vif1,ip,dl_dst=fa:16:3e:00:00:02,nw_src=10.0.0.1,nw_dst=203.0.113.20";
        PacketTracer.Result r = trace(A, toFip);
        assertEquals(List.of("VIF:vif2"), where(r), r.text());
        assertTrue(r.outcomes().get(0).contains("nw_dst=10.0.0.2"), r.text());
        PacketTracer.Result bare = trace(A, toFip.replace("203.0.113.20", "203.0.113.10"));
        assertEquals(List.of("DROP"), where(bare), bare.text());
        assertTrue(bare.text().contains("addresses kept"), bare.text());
    }

    @Test
    void ctNatWithoutATableDoesNotChangeWhatLaterTablesMatch() {
        flow(A, 0, 10, "DNAT without recirculation", m -> m.ethType(0x0800).ipv4Dst("203.0.113.20"),
                ct(true, null, Nat.dst("10.0.0.2")), new Action.Resubmit(3), Action.output(1));
        flow(A, 3, 10, "to the fixed IP", m -> m.ethType(0x0800).ipv4Dst("10.0.0.2"), Action.output(2));
        PacketTracer.Result r = trace(A, "in_port=vif2,ip,nw_dst=203.0.113.20");
        assertEquals(List.of("VIF:vif1"), where(r), r.text());
    }

    @Test
    void decTtlDecrementsAndSendsTtlOneToTheControllerSkippingTheRestOfTheFlow() {
        flow(A, 0, 10, "route", m -> m.ethType(0x0800), new Action.DecTtl(), new Action.GotoTable(1));
        flow(A, 1, 10, "ttl 63 after the hop", m -> m.ethType(0x0800).nwTtl(63), Action.output(2));
        assertEquals(List.of("VIF:vif2"), where(trace(A, IP_FROM_VIF1)));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1.replace("nw_ttl=64", "nw_ttl=1"));
        assertEquals(List.of("CONTROLLER"), where(r), r.text());
        assertTrue(r.outcomes().get(0).startsWith("to the controller (invalid_ttl"), r.text());
        assertTrue(r.text().lines().noneMatch(l -> l.contains("table=1")), "goto_table is not reached:\n" + r.text());
        // no TTL given is 0, as ofproto/trace has it
        assertEquals(List.of("CONTROLLER"), where(trace(A, IP_FROM_VIF1.replace(",nw_ttl=64", ""))));
    }

    @Test
    void decTtlLeavesANonIpPacketAlone() {
        flow(A, 0, 10, "route", m -> m, new Action.DecTtl(), Action.output(2));
        assertEquals(List.of("VIF:vif2"), where(trace(A, "in_port=vif1,arp,arp_op=1")));
    }

    @Test
    void aPatchPortLeadsIntoThePeerBridgeWithRegistersAndTunnelCleared() {
        flow(A, 0, 10, "to br-b", m -> m.inPort(1), new Action.Load(reg(5), 9), Action.setTunnelId(0x99),
                Action.pushVlan(), Action.setVlanVid(7), Action.output(3));
        flow(B, 0, 30, "registers kept (wrong)", m -> m.reg(5, 9), Action.output(2));
        flow(B, 0, 20, "tunnel id kept (wrong)", m -> m.tunId(0x99), Action.output(2));
        flow(B, 0, 15, "conntrack state kept (wrong)", m -> m.ctState("+trk"), Action.output(2));
        flow(B, 0, 10, "from br-a", m -> m.inPort(1).vlan(7), Action.popVlan(), Action.setTunnelId(0x42),
                Action.output(3));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1 + ",ct_state=trk|est");
        assertEquals(List.of("TUNNEL:vxlan-1"), where(r), r.text());
        assertTrue(r.outcomes().get(0).startsWith("tunnel vxlan-1 to 192.168.1.12 with VNI 0x42: ip,tun_id=0x42,"
                + "in_port=1,dl_src="), r.text());
        assertTrue(r.text().contains("-> pa (patch) into br-b as pb"), r.text());
    }

    @Test
    void outputToTheInPortIsSkippedButInPortSendsThere() {
        flow(A, 0, 10, "back?", m -> m.inPort(1), Action.output(1));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("DROP"), where(r), r.text());
        assertTrue(r.text().contains("skipped: it is the input port"), r.text());
        flows.clear();
        flow(A, 0, 10, "back", m -> m.inPort(1), Action.inPort());
        assertEquals(List.of("VIF:vif1"), where(trace(A, IP_FROM_VIF1)));
    }

    @Test
    void moveAndLoadWriteBitRangesSetFieldWholeFields() {
        flow(A, 0, 10, "shuffle", m -> m,
                new Action.Move(Subfield.bits(Field.REG6, 0, 7), Subfield.bits(Field.REG7, 8, 15)),
                new Action.Load(Subfield.bits(Field.REG7, 0, 0), 1),
                new Action.Move(Field.ETH_SRC, Field.ETH_DST),
                Action.setField(Field.ETH_SRC, "fa:16:3e:00:00:99"),
                Action.setField(Field.IPV4_DST, "10.0.0.9"),
                new Action.GotoTable(1));
        flow(A, 1, 10, "check", m -> m.reg(7, 0xab01).ethSrc("fa:16:3e:00:00:99").ethDst("fa:16:3e:00:00:01")
                .ethType(0x0800).ipv4Dst("10.0.0.9"), Action.output(2));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1 + ",reg6=0x12ab,reg7=0xff0000");
        assertEquals(List.of("DROP"), where(r), "reg7 keeps its other bits (0xffab01):\n" + r.text());
        PacketTracer.Result ok = trace(A, IP_FROM_VIF1 + ",reg6=0x12ab");
        assertEquals(List.of("VIF:vif2"), where(ok), ok.text());
    }

    @Test
    void icmpTypeIsMatchedAsTheFlowsFamilyMeansIt() {
        flow(A, 0, 20, "ICMPv6 NA", m -> m.ethType(0x86dd).ipProto(58).icmpv6Type(136), Action.output(3));
        flow(A, 0, 10, "ICMP echo", m -> m.ethType(0x0800).ipProto(1).icmpType(8), Action.output(2));
        flow(A, 0, 0, "else", m -> m);
        assertEquals(List.of("VIF:vif2"), where(trace(A, "in_port=vif1,icmp,icmp_type=8,icmp_code=0")));
        assertEquals(List.of("DROP"), where(trace(A, "in_port=vif1,icmp,icmp_type=136")),
                "an IPv4 ICMP of type 136 is no neighbour advertisement");
        assertEquals(List.of("DROP"), where(trace(A, "in_port=vif1,icmp6,icmp_type=8")),
                "an ICMPv6 of type 8 is no echo request");
        PacketTracer.Result na = trace(A, "in_port=vif1,icmp6,icmp_type=136");
        assertTrue(na.text().contains("into br-b"), na.text());
    }

    @Test
    void checkPktLargerIsZeroUnlessAPacketLengthIsGivenAndExceeded() {
        flow(A, 0, 10, "mtu", m -> m, new Action.CheckPktLarger(1464, Subfield.bits(Field.REG0, 0, 0)),
                new Action.Resubmit(1), Action.output(2));
        flow(A, 1, 10, "too big", m -> m.regBits(0, 0, 0, 1),
                new Action.ControllerWithData(0xffff, "action", "01.02"));
        assertEquals(List.of("VIF:vif2"), where(trace(A, IP_FROM_VIF1)));
        assertEquals(List.of("VIF:vif2"), where(trace(A, IP_FROM_VIF1 + " --packet-len 1464")));
        PacketTracer.Result big = trace(A, IP_FROM_VIF1 + " --packet-len 1500");
        assertEquals(List.of("CONTROLLER", "VIF:vif2"), where(big), big.text());
        assertTrue(big.outcomes().get(0).contains("reason action, userdata 01.02"), big.text());
    }

    /** br-b passes what comes from br-a (output:3, the patch) out of its NIC eth1. */
    private void bToNic() {
        flow(B, 0, 0, "br-b: out of the NIC", m -> m, Action.output(2));
    }

    private static Action conj(long id, int k, int n) {
        return new Action.Conjunction(id, k, n);
    }

    /**
     * A remote-group rule as the firewall writes it: clause 1 the members' addresses, clause 2 the
     * rule's ports, the conj_id flow accepts; below it, a drop for everything else.
     */
    private void remoteGroup() {
        flow(A, 0, 70, "member 10.0.0.1", m -> m.ethType(0x0800).ipv4Src("10.0.0.1"), conj(7, 1, 2));
        flow(A, 0, 70, "member 10.0.0.3", m -> m.ethType(0x0800).ipv4Src("10.0.0.3"), conj(7, 1, 2));
        flow(A, 0, 70, "rule: tcp 22", m -> m.ethType(0x0800).ipProto(6).tcpDst(22), conj(7, 2, 2));
        flow(A, 0, 70, "accept conjunction 7", m -> m.set(Field.CONJ_ID, "7").ethType(0x0800), Action.output(2));
        flow(A, 0, 10, "else drop", m -> m);
    }

    private static final String SSH_FROM_VIF1 = "in_port=vif1,tcp,dl_dst=fa:16:3e:00:00:02,nw_src=10.0.0.1,"
            + "nw_dst=10.0.0.2,tp_src=40000,tp_dst=22";

    @Test
    void aCompleteConjunctionHitsItsConjIdFlowAndShowsTheClausesThatCompletedIt() {
        remoteGroup();
        PacketTracer.Result r = trace(A, SSH_FROM_VIF1);
        assertEquals(List.of("VIF:vif2"), where(r), r.text());
        String t = r.text();
        int member = t.indexOf("nw_src=10.0.0.1 actions=conjunction(7,1/2)   # member 10.0.0.1");
        int rule = t.indexOf("tp_dst=22 actions=conjunction(7,2/2)   # rule: tcp 22");
        int said = t.indexOf("conjunction(7): every clause matched at priority 70, so conj_id=7");
        int hit = t.indexOf("conj_id=7,ip actions=output:2   # accept conjunction 7");
        assertTrue(member >= 0 && rule >= 0 && said > Math.max(member, rule) && hit > said, t);
        assertTrue(!t.contains("member 10.0.0.3"), "only the clause flows that matched:\n" + t);
        assertTrue(r.outcomes().get(0).startsWith("VIF vif2") && !r.outcomes().get(0).contains("conj_id"),
                "conj_id is 0 again after the lookup:\n" + t);
    }

    @Test
    void anIncompleteConjunctionFallsThroughToLowerPriorities() {
        remoteGroup();
        bToNic();
        PacketTracer.Result notMember = trace(A, SSH_FROM_VIF1.replace("nw_src=10.0.0.1", "nw_src=10.0.0.9"));
        assertEquals(List.of("DROP"), where(notMember), notMember.text());
        assertTrue(notMember.text().contains("priority 70: conjunction(7) incomplete, no flow matches clause 1/2"),
                notMember.text());
        assertTrue(notMember.outcomes().get(0).contains("by else drop"), notMember.text());
        PacketTracer.Result otherPort = trace(A, SSH_FROM_VIF1.replace("tp_dst=22", "tp_dst=80"));
        assertEquals(List.of("DROP"), where(otherPort), otherPort.text());
        assertTrue(otherPort.text().contains("no flow matches clause 2/2"), otherPort.text());
        // and a lower-priority flow reached through the fall is the hit
        flow(A, 0, 50, "web from anyone", m -> m.ethType(0x0800).ipProto(6).tcpDst(80), Action.output(3));
        PacketTracer.Result web = trace(A, SSH_FROM_VIF1.replace("tp_dst=22", "tp_dst=80"));
        assertEquals(List.of("PORT:eth1"), where(web), web.text());
    }

    @Test
    void aConjIdFlowIsNotReachedWithoutItsConjunction() {
        remoteGroup();
        flows.get(A).removeIf(f -> f.priority() == 70 && f.actions().contains(conj(7, 2, 2)));
        PacketTracer.Result r = trace(A, SSH_FROM_VIF1);
        assertEquals(List.of("DROP"), where(r), r.text());
    }

    @Test
    void aPlainFlowOfTheSamePriorityBeatsACompleteConjunction() {
        remoteGroup();
        flow(A, 0, 70, "plain, same priority", m -> m.ethType(0x0800).ipv4Dst("10.0.0.2"), Action.output(1));
        PacketTracer.Result r = trace(A, SSH_FROM_VIF1.replace("in_port=vif1", "in_port=vif2"));
        assertEquals(List.of("VIF:vif1"), where(r), r.text());
        assertTrue(!r.text().contains("conj_id=7 and"), r.text());
        // one priority below, it loses to the conjunction
        flows.get(A).removeIf(f -> f.priority() == 70 && f.actions().equals(List.of(Action.output(1))));
        flow(A, 0, 69, "plain, below", m -> m.ethType(0x0800).ipv4Dst("10.0.0.2"), Action.output(1));
        assertEquals(List.of("VIF:vif2"), where(trace(A, SSH_FROM_VIF1)));
    }

    @Test
    void aHigherPriorityConjunctionThatCompletesBeatsAPlainFlowBelowIt() {
        remoteGroup();
        bToNic();
        flow(A, 0, 60, "plain, lower", m -> m.ethType(0x0800), Action.output(3));
        assertEquals(List.of("VIF:vif2"), where(trace(A, SSH_FROM_VIF1)));
        assertEquals(List.of("PORT:eth1"), where(trace(A, SSH_FROM_VIF1.replace("10.0.0.1", "10.0.0.8"))));
    }

    @Test
    void theConjIdFlowMayHaveAnyPriorityAndWithoutOneTheBestOtherFlowIsTheHit() {
        bToNic();
        flow(A, 0, 70, "clause 1", m -> m.ethType(0x0800).ipv4Src("10.0.0.1"), conj(9, 1, 2));
        flow(A, 0, 70, "clause 2", m -> m.ethType(0x0800).ipv4Dst("10.0.0.2"), conj(9, 2, 2));
        flow(A, 0, 200, "conj 9, high", m -> m.set(Field.CONJ_ID, "9"), Action.output(2));
        flow(A, 0, 10, "else", m -> m, Action.output(3));
        assertEquals(List.of("VIF:vif2"), where(trace(A, IP_FROM_VIF1)));
        flows.get(A).removeIf(f -> f.priority() == 200);
        flow(A, 0, 1, "conj 9, lowest", m -> m.set(Field.CONJ_ID, "9"), Action.output(2));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("PORT:eth1"), where(r), "the lookup with conj_id=9 finds 'else' first, as OVS's:\n"
                + r.text());
        assertTrue(r.text().contains("no conj_id=9 flow matches, so the best other flow is the hit"), r.text());
    }

    @Test
    void twoConjunctionsEachCompleteOnlyWithTheirOwnClauses() {
        bToNic();
        // one port flow is a clause of both (as a rule shared by two remote groups)
        flow(A, 0, 70, "group X member", m -> m.ethType(0x0800).ipv4Src("10.0.0.1"), conj(1, 1, 2));
        flow(A, 0, 70, "group Y member", m -> m.ethType(0x0800).ipv4Src("10.0.0.5"), conj(2, 1, 2));
        flow(A, 0, 70, "port 22 for both", m -> m.ethType(0x0800).ipProto(6).tcpDst(22), conj(1, 2, 2), conj(2, 2, 2));
        flow(A, 0, 70, "X", m -> m.set(Field.CONJ_ID, "1").ethType(0x0800), Action.output(2));
        flow(A, 0, 70, "Y", m -> m.set(Field.CONJ_ID, "2").ethType(0x0800), Action.output(3));
        flow(A, 0, 0, "else drop", m -> m);
        PacketTracer.Result x = trace(A, SSH_FROM_VIF1);
        assertEquals(List.of("VIF:vif2"), where(x), x.text());
        assertTrue(x.text().contains("conj_id=1 and"), x.text());
        assertTrue(!x.text().contains("group Y member"), x.text());
        PacketTracer.Result y = trace(A, SSH_FROM_VIF1.replace("10.0.0.1", "10.0.0.5"));
        assertEquals(List.of("PORT:eth1"), where(y), y.text());
        assertTrue(y.text().contains("# group Y member") && y.text().contains("# port 22 for both"), y.text());
        assertEquals(List.of("DROP"), where(trace(A, SSH_FROM_VIF1.replace("10.0.0.1", "10.0.0.6"))));
    }

    @Test
    void aConjunctionWithThreeClausesNeedsAll() {
        flow(A, 0, 70, "src", m -> m.ethType(0x0800).ipv4Src("10.0.0.1"), conj(3, 1, 3));
        flow(A, 0, 70, "dst", m -> m.ethType(0x0800).ipv4Dst("10.0.0.2"), conj(3, 2, 3));
        flow(A, 0, 70, "ttl", m -> m.ethType(0x0800).nwTtl(64), conj(3, 3, 3));
        flow(A, 0, 70, "conj 3", m -> m.set(Field.CONJ_ID, "3"), Action.output(2));
        assertEquals(List.of("VIF:vif2"), where(trace(A, IP_FROM_VIF1)));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1.replace("nw_ttl=64", "nw_ttl=9"));
        assertEquals(List.of("DROP"), where(r), r.text());
        assertTrue(r.text().contains("no flow matches clause 3/3"), r.text());
    }

    @Test
    void clausesOfOneConjunctionAtDifferentPrioritiesDoNotComplete() {
        flow(A, 0, 70, "clause 1 at 70", m -> m.ethType(0x0800).ipv4Src("10.0.0.1"), conj(4, 1, 2));
        flow(A, 0, 60, "clause 2 at 60", m -> m.ethType(0x0800).ipv4Dst("10.0.0.2"), conj(4, 2, 2));
        flow(A, 0, 60, "conj 4", m -> m.set(Field.CONJ_ID, "4"), Action.output(2));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("DROP"), where(r), r.text());
    }

    private static Action ctMark(boolean commit, Integer table, String mark) {
        return new Action.Ct(commit, table, Subfield.bits(Field.REG6, 0, 15), 0, null,
                mark == null ? List.of() : List.of(Action.setField(Field.CT_MARK, mark)));
    }

    /**
     * The firewall's marking: table 2 drops a marked connection, marks an established one no rule
     * allows (commit with exec), then tracks it again into table 3, which tells marks and zones apart.
     */
    private void marking() {
        flow(A, 0, 10, "track in zone 5", m -> m.ethType(0x0800), new Action.Load(reg(6), 5), ctMark(false, 2, null));
        flow(A, 2, 50, "marked: drop", m -> m.set(Field.CT_MARK, "0x1"));
        flow(A, 2, 40, "established, no rule: mark, look again", m -> m.ctState("+est+trk"),
                ctMark(true, null, "0x1"), ctMark(false, 3, null));
        flow(A, 2, 30, "new: commit with mark 2 into 3", m -> m.ctState("+new+trk"), ctMark(true, 3, "0x2"));
        flow(A, 3, 30, "zone 5, mark 1", m -> m.ctZone(5).set(Field.CT_MARK, "0x1"), Action.output(2));
        flow(A, 3, 20, "zone 5, mark 2", m -> m.ctZone(5).set(Field.CT_MARK, "0x2"), Action.output(3));
        flow(A, 3, 10, "else", m -> m, Action.controller());
    }

    @Test
    void ctMarkGivenForTheConnectionIsWhatCtMarkMatchesSeeAfterARecirculation() {
        marking();
        PacketTracer.Result marked = trace(A, IP_FROM_VIF1 + " --ct-next trk,est --ct-mark 0x1");
        assertEquals(List.of("DROP"), where(marked), marked.text());
        assertTrue(marked.text().contains("ct_zone=5, ct_mark=0x1 (--ct-mark)"), marked.text());
        assertTrue(marked.outcomes().get(0).contains("by marked: drop"), marked.text());
        // before any ct the packet is untracked: ct_mark 0 whatever --ct-mark says
        flow(A, 0, 20, "untracked and marked?", m -> m.set(Field.CT_MARK, "0x1"), Action.controller());
        assertEquals(List.of("DROP"), where(trace(A, IP_FROM_VIF1 + " --ct-next trk,est --ct-mark 1")));
    }

    @Test
    void aCommitWithExecSetsCtMarkForTheRestOfTheTraceAndSaysSo() {
        bToNic();
        marking();
        PacketTracer.Result r = trace(A, IP_FROM_VIF1 + " --ct-next trk,est --ct-next trk,est");
        assertEquals(List.of("VIF:vif2"), where(r), r.text());
        assertTrue(r.text().contains("commits ct_mark=0x1 to the connection in zone 5"), r.text());
        assertTrue(r.text().contains("resumes br-a table 3 with ct_state=est|trk (--ct-next), ct_zone=5, "
                + "ct_mark=0x1 (committed in this trace)"), r.text());
        // committed with the recirculation itself: the copy sees the new mark
        PacketTracer.Result fresh = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("PORT:eth1"), where(fresh), fresh.text());
        assertTrue(fresh.text().contains("commits ct_mark=0x2"), fresh.text());
        // a mark committed in zone 5 is not another zone's
        flows.get(A).set(0, new Flow(0, 10, 0x1ffL, Match.builder().ethType(0x0800).build(),
                List.of(new Action.Load(reg(6), 5), ctMark(false, 2, null))));
        flow(A, 2, 45, "established in zone 5: mark, then zone 6", m -> m.ctState("+est+trk").ctZone(5),
                ctMark(true, null, "0x1"), new Action.Load(reg(6), 6), ctMark(false, 3, null));
        PacketTracer.Result zone6 = trace(A, IP_FROM_VIF1 + " --ct-next trk,est --ct-next trk,est");
        assertEquals(List.of("CONTROLLER"), where(zone6), zone6.text());
        assertTrue(zone6.text().contains("ct_zone=6, ct_mark=0\n"), zone6.text());
    }

    @Test
    void ctZoneMatchesTheZoneOfTheCtThatRecirculatedAndIsZeroAfterACtWithoutATable() {
        bToNic();
        flow(A, 0, 10, "track in zone 7", m -> m.ethType(0x0800), new Action.Load(reg(6), 7), ctMark(false, 1, null));
        flow(A, 1, 20, "zone 7", m -> m.ctZone(7), ctMark(true, null, null), new Action.Resubmit(2),
                Action.output(2));
        flow(A, 1, 10, "other zone", m -> m, Action.output(3));
        flow(A, 2, 10, "still zone 7 after a ct without table?", m -> m.ctZone(7), Action.controller());
        PacketTracer.Result r = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("VIF:vif2"), where(r), r.text());
    }

    @Test
    void everyConntrackFlagMatchesWithPlusAndMinus() {
        bToNic();
        flow(A, 0, 10, "track", m -> m.ethType(0x0800), ct(false, 1, null));
        flow(A, 1, 60, "reply, dnat, not rel", m -> m.ctState("-rel+rpl+trk+dnat"), Action.output(2));
        flow(A, 1, 50, "snat, not inv", m -> m.ctState("-inv+trk+snat"), Action.output(3));
        flow(A, 1, 40, "inv", m -> m.ctState("+inv+trk"), Action.controller());
        flow(A, 1, 30, "rel, not new", m -> m.ctState("-new+rel+trk"), Action.inPort());
        flow(A, 1, 0, "else drop", m -> m);
        assertEquals(List.of("VIF:vif2"), where(trace(A, IP_FROM_VIF1 + " --ct-next trk,est,rpl,dnat")));
        assertEquals(List.of("DROP"), where(trace(A, IP_FROM_VIF1 + " --ct-next trk,rel,rpl,dnat,new")));
        assertEquals(List.of("PORT:eth1"), where(trace(A, IP_FROM_VIF1 + " --ct-next trk|est|snat")));
        assertEquals(List.of("CONTROLLER"), where(trace(A, IP_FROM_VIF1 + " --ct-next trk|inv|snat")));
        assertEquals(List.of("VIF:vif1"), where(trace(A, IP_FROM_VIF1 + " --ct-next +trk+rel")));
        assertEquals(List.of("DROP"), where(trace(A, IP_FROM_VIF1 + " --ct-next trk,rel,new")));
    }

    @Test
    void normalSwitchesWithinTheInPortsVlanFromTheVifsMacs() {
        NodeState tagged = new NodeState("c1", null, java.util.Set.of(A), List.of(
                new ObservedInterface("vif1", A, "internal", 1, 5, Map.of("iface-id", "p1",
                        "attached-mac", "fa:16:3e:00:00:01"), Map.of()),
                new ObservedInterface("vif2", A, "internal", 2, 5, Map.of("iface-id", "p2",
                        "attached-mac", "fa:16:3e:00:00:02"), Map.of()),
                new ObservedInterface("vif3", A, "internal", 4, 6, Map.of("iface-id", "p3",
                        "attached-mac", "fa:16:3e:00:00:03"), Map.of()),
                new ObservedInterface("trunk", A, "", 5, null, Map.of(), Map.of())));
        flow(A, 0, 0, "normal", m -> m, Action.normal());
        DesiredState d = new DesiredState("c1", List.of(), Map.of(), flows, owners);
        PacketTracer.Result unicast = PacketTracer.trace(d, tagged, NetworkModel.EMPTY, A,
                TracePacket.parse("in_port=vif1,dl_dst=fa:16:3e:00:00:02"));
        assertEquals(List.of("VIF:vif2"), where(unicast), unicast.text());
        PacketTracer.Result flood = PacketTracer.trace(d, tagged, NetworkModel.EMPTY, A,
                TracePacket.parse("in_port=vif1,dl_dst=ff:ff:ff:ff:ff:ff"));
        assertEquals(List.of("VIF:vif2", "PORT:trunk"), where(flood), flood.text());
        assertTrue(flood.outcomes().get(1).contains("dl_vlan=5"), "tagged out of the trunk:\n" + flood.text());
        PacketTracer.Result fromTrunk = PacketTracer.trace(d, tagged, NetworkModel.EMPTY, A,
                TracePacket.parse("in_port=trunk,dl_vlan=6,dl_dst=ff:ff:ff:ff:ff:ff"));
        assertEquals(List.of("VIF:vif3"), where(fromTrunk), fromTrunk.text());
        assertTrue(!fromTrunk.outcomes().get(0).contains("dl_vlan"), "untagged out of an access port");
        PacketTracer.Result taggedOnAccess = PacketTracer.trace(d, tagged, NetworkModel.EMPTY, A,
                TracePacket.parse("in_port=vif1,dl_vlan=5,dl_dst=fa:16:3e:00:00:02"));
        assertEquals(List.of("DROP"), where(taggedOnAccess), taggedOnAccess.text());
    }

    @Test
    void theEndsSayWhereEachCopyLeft() {
        flow(A, 0, 10, "everywhere", m -> m, Action.output(2), Action.output(3), Action.controller());
        flow(B, 0, 10, "nic and tunnel", m -> m, Action.output(2), Action.setTunnelId(5), Action.output(3));
        PacketTracer.Result r = trace(A, IP_FROM_VIF1);
        assertEquals(List.of("VIF:vif2", "PORT:eth1", "TUNNEL:vxlan-1", "CONTROLLER"), where(r), r.text());
        assertEquals(List.of(End.Kind.VIF, End.Kind.PORT, End.Kind.TUNNEL, End.Kind.CONTROLLER),
                r.delivered().stream().map(End::kind).toList());
        assertEquals("br-b", r.ends().get(1).bridge());
        assertEquals(java.math.BigInteger.valueOf(5), r.ends().get(2).packet().value(Field.TUN_ID),
                "each end carries the packet as it left");
        assertEquals(java.math.BigInteger.ZERO, r.ends().get(1).packet().value(Field.TUN_ID));
    }
}
