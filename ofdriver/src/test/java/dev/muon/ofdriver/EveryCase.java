package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FieldFormat;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Nat;
import dev.muon.pipeline.flow.Subfield;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Flows that use every catalogue field in a match (exact, and masked where the field may be),
 * as a set_field target, a move source and a load target, and every {@link Action} record,
 * in the forms the pipeline uses them. The unit round trip and the Open vSwitch round trip
 * both run these; {@link FlowConversionTest#everyFieldAndActionTypeHasACase} fails when a
 * catalogue field or an Action record is added without a case here.
 */
final class EveryCase {
    static final long COOKIE = 0x4d75_0100_0000_0001L;
    /** The meter the metered cases use; a bridge must hold {@link #METERS} before their flows. */
    static final long METER = 5;
    static final List<dev.muon.pipeline.flow.Meter> METERS = List.of(new dev.muon.pipeline.flow.Meter(METER, 100, 20));

    /** Fields set_field does not write: read-only in Open vSwitch, or written through their own record. */
    static final Set<Field> NOT_SET_FIELD = EnumSet.of(Field.CONJ_ID, Field.CT_STATE, Field.CT_ZONE, Field.ETH_TYPE, Field.IP_PROTO,
            Field.VLAN_VID /* SetVlanVid */, Field.TUN_ID /* SetTunnelId */, Field.CT_MARK /* only in ct's exec */);
    /** Fields no action writes (Open vSwitch's read-only fields); loads and moves only read them. */
    static final Set<Field> READ_ONLY = EnumSet.of(Field.CONJ_ID, Field.CT_STATE, Field.CT_ZONE, Field.ETH_TYPE, Field.IP_PROTO);

    private EveryCase() {
    }

    /** A match with the prerequisites a match on, or a write to, {@code f} needs. */
    static Match.Builder base(Field f) {
        Match.Builder m = Match.builder();
        switch (f) {
            case ARP_SPA, ARP_TPA, ARP_SHA, ARP_THA, ARP_OP -> m.ethType(Field.ETH_TYPE_ARP);
            case IPV4_SRC, IPV4_DST, NW_TTL, IP_PROTO -> m.ethType(Field.ETH_TYPE_IPV4);
            case IPV6_SRC, IPV6_DST -> m.ethType(Field.ETH_TYPE_IPV6);
            case TCP_SRC, TCP_DST -> m.ethType(Field.ETH_TYPE_IPV4).ipProto(Field.IP_PROTO_TCP);
            case UDP_SRC, UDP_DST -> m.ethType(Field.ETH_TYPE_IPV4).ipProto(Field.IP_PROTO_UDP);
            case ICMPV4_TYPE, ICMPV4_CODE -> m.ethType(Field.ETH_TYPE_IPV4).ipProto(Field.IP_PROTO_ICMP);
            case ICMPV6_TYPE, ICMPV6_CODE -> m.ethType(Field.ETH_TYPE_IPV6).ipProto(Field.IP_PROTO_ICMPV6);
            case ND_TARGET -> m.ethType(Field.ETH_TYPE_IPV6).ipProto(Field.IP_PROTO_ICMPV6).icmpv6Type(135);
            case VLAN_VID -> m.vlan(7); // writing the VLAN id needs a tag
            default -> { }
        }
        return m;
    }

    /** Values as ovs-ofctl prints them: an exact one first, then masked ones where the field is maskable. */
    static List<String> samples(Field f) {
        List<String> all = switch (f) {
            case ETH_TYPE -> List.of("0x88cc");
            case IP_PROTO -> List.of("47");
            case ICMPV6_TYPE -> List.of("135"); // nd_target's prerequisite
            case IN_PORT -> List.of("5");
            default -> switch (f.format()) {
                case DEC -> List.of("3");
                case DEC16 -> List.of("80", "0x50/0xfff0");
                case HEX -> List.of("0x2a", "0x20/0xf0");
                case HEX4 -> List.of("0x88cc");
                case MAC -> List.of("fa:16:3e:00:00:01", "fa:16:3e:00:00:00/ff:ff:ff:00:00:00", "01:00:00:00:00:00/01:00:00:00:00:00");
                case IPV4 -> List.of("10.0.0.1", "10.0.0.0/24", "10.0.0.0/255.0.255.0");
                case IPV6 -> List.of("2001:db8::1", "2001:db8::/64");
                case VLAN -> List.of("5", "0", FieldFormat.UNTAGGED);
                case CT_STATE -> List.of("+est+trk", "-new+est-rel-inv+trk", "+inv+trk");
            };
        };
        return all.stream().filter(v -> f.maskable() || v.indexOf('/') < 0 || v.equals(FieldFormat.UNTAGGED)).toList();
    }

    /** One flow per field and sample value, in table 0. */
    static List<Flow> matches() {
        List<Flow> flows = new ArrayList<>();
        int priority = 1000;
        for (Field f : Field.values()) {
            for (String v : samples(f)) {
                flows.add(flow(0, priority++, base(f).set(f, v).build()));
            }
        }
        return flows;
    }

    /** Bits 0..n-1 of {@code f}, at most 32 of them (a register's width). */
    static Subfield low(Field f) {
        return Subfield.bits(f, 0, Math.min(f.bits(), 32) - 1);
    }

    /** Flows using every action record, in tables 1 to 3. */
    static List<Flow> actions() {
        List<Flow> flows = new ArrayList<>();
        Match ip = Match.builder().ethType(Field.ETH_TYPE_IPV4).build();
        Match any = Match.ANY;
        int p = 100;
        flows.add(flow(1, p++, any, Action.output(3), Action.output(OpenFlowPorts.LOCAL)));
        flows.add(flow(1, p++, any, Action.outputReg(Subfield.whole(Field.REG5))));
        flows.add(flow(1, p++, any, Action.outputReg(Subfield.bits(Field.REG0, 16, 31)), Action.inPort()));
        flows.add(flow(1, p++, any, Action.normal()));
        flows.add(flow(1, p++, any, Action.controller(), new Action.Controller(128)));
        flows.add(flow(1, p++, any, new Action.ControllerWithData(0xffff, "action", "01.02.0a")));
        flows.add(flow(1, p++, any, new Action.ControllerWithData(128, "invalid_ttl", "de.ad.be.ef.00.01.02.03.04")));
        flows.add(flow(1, p++, any, new Action.ControllerWithData(0xffff, "no_match", "")));
        flows.add(flow(1, p++, any, new Action.ControllerWithData(200, "action", "")));
        flows.add(flow(1, p++, any, Action.resubmit(5), Action.resubmit(0), Action.gotoTable(2)));
        flows.add(flow(1, p++, Match.builder().inPort(5).build(), Action.pushVlan(), Action.setVlanVid(9), Action.output(1)));
        flows.add(flow(1, p++, Match.builder().inPort(OpenFlowPorts.LOCAL).build(), Action.output(OpenFlowPorts.FLOOD),
                Action.output(OpenFlowPorts.ALL), Action.output(OpenFlowPorts.TABLE)));
        flows.add(flow(1, p++, Match.builder().inPort(6).vlan(3).build(), Action.setVlanVid(4095), Action.popVlan(), Action.output(1)));
        flows.add(flow(1, p++, Match.builder().inPort(7).build(), Action.setTunnelId(0x64), Action.setTunnelId(-1L), Action.setTunnelId(0)));
        flows.add(flow(1, p++, ip, Action.decTtl(), Action.output(2)));
        flows.add(flow(1, p++, any, new Action.CtClear(), Action.gotoTable(3)));
        // meter METER, which the bridge must hold (see METERS)
        flows.add(flow(1, p++, Match.builder().inPort(9).build(), new Action.UseMeter(METER), Action.controller()));
        flows.add(flow(1, p++, Match.builder().inPort(10).build(), new Action.UseMeter(METER), Action.gotoTable(4)));
        flows.add(flow(1, p++, any, new Action.Conjunction(7, 1, 2)));
        flows.add(flow(1, p++, Match.builder().inPort(8).build(), new Action.Conjunction(7, 2, 2),
                new Action.Conjunction(0xffffffffL, 3, 3)));
        flows.add(flow(1, p++, ip, new Action.CheckPktLarger(1464, Subfield.bits(Field.REG0, 0, 0)), Action.resubmit(4)));
        flows.add(flow(1, p++, any, Action.load(Subfield.whole(Field.REG5), 0x5), Action.load(Subfield.bits(Field.REG6, 0, 15), 0),
                Action.load(Subfield.bits(Field.REG0, 3, 3), 1), Action.load(Subfield.whole(Field.TUN_ID), -1L)));
        // conntrack, as the security groups and routers use it
        Subfield reg6 = Subfield.bits(Field.REG6, 0, 15);
        Subfield reg7 = Subfield.bits(Field.REG7, 16, 31);
        flows.add(flow(2, p++, ip, new Action.Ct(false, 72, reg6, 0, null, List.of())));
        flows.add(flow(2, p++, Match.builder().ethType(Field.ETH_TYPE_IPV6).build(), new Action.Ct(false, 0, reg7, 0, null, List.of())));
        flows.add(flow(2, p++, Match.builder().ethType(Field.ETH_TYPE_IPV4).ctState("+new+trk").build(),
                new Action.Ct(true, null, reg6, 0, null, List.of()), Action.gotoTable(73)));
        flows.add(flow(2, p++, Match.builder().ethType(Field.ETH_TYPE_IPV4).reg(7, 1).build(), Action.decTtl(),
                new Action.Ct(true, null, null, 4097, Nat.src("203.0.113.10"), List.of()), Action.output(2)));
        flows.add(flow(2, p++, Match.builder().ethType(Field.ETH_TYPE_IPV4).ipv4Dst("203.0.113.10").build(),
                Action.load(Subfield.whole(Field.REG7), 1), new Action.Ct(false, 76, null, 4097, Nat.existing(), List.of())));
        flows.add(flow(2, p++, Match.builder().ethType(Field.ETH_TYPE_IPV4).ipv4Dst("203.0.113.20").build(),
                new Action.Ct(true, 76, null, 4097, Nat.dst("10.0.0.11"), List.of())));
        flows.add(flow(2, p++, Match.builder().ethType(Field.ETH_TYPE_IPV4).ipv4Dst("203.0.113.30").build(),
                new Action.Ct(true, null, null, 0xffff, new Nat(Nat.Kind.SRC, "10.0.0.5", "10.0.0.9", 1000, 2000), List.of(
                        Action.setField(Field.CT_MARK, "0x1"), Action.load(Subfield.bits(Field.CT_MARK, 4, 7), 0xa)))));
        flows.add(flow(2, p++, Match.builder().ethType(Field.ETH_TYPE_IPV4).ipv4Dst("203.0.113.31").build(),
                new Action.Ct(true, 9, reg6, 0, new Nat(Nat.Kind.DST, "10.0.0.5", "10.0.0.5", 80, null), List.of())));
        flows.add(flow(2, p++, Match.builder().ethType(Field.ETH_TYPE_IPV4).ipv4Dst("203.0.113.32").build(),
                new Action.Ct(true, null, null, 0, null, List.of(Action.load(Subfield.whole(Field.CT_MARK), 0x12345678)))));
        // every field: set_field where it can be written, moved from, loaded into
        for (Field f : Field.values()) {
            List<Action> as = new ArrayList<>();
            if (!NOT_SET_FIELD.contains(f)) {
                as.add(Action.setField(f, samples(f).get(0)));
            }
            int width = low(f).width();
            as.add(Action.move(low(f), Subfield.bits(Field.REG1, 0, width - 1)));
            if (!READ_ONLY.contains(f) && f != Field.CT_MARK) {
                as.add(Action.load(Subfield.bits(f, 0, 0), 1));
                as.add(Action.move(Subfield.bits(Field.REG2, 32 - width, 31), low(f)));
            }
            flows.add(flow(3, p++, base(f).build(), as.toArray(Action[]::new)));
        }
        // Neutron's ARP responder and the router's ICMP echo responder (l3-notes)
        flows.add(flow(3, p++, Match.builder().vlan(1).ethType(Field.ETH_TYPE_ARP).arpOp(1).arpTpa("10.0.0.4").build(),
                arpResponder("fa:16:3e:96:e2:a4", "10.0.0.4")));
        flows.add(flow(3, p++, Match.builder().ethType(Field.ETH_TYPE_IPV4).ipProto(Field.IP_PROTO_ICMP).icmpType(8)
                        .icmpCode(0).ipv4Dst("10.0.0.1").build(),
                Action.move(Field.ETH_SRC, Field.ETH_DST), Action.setField(Field.ETH_SRC, "fa:16:3e:00:00:01"),
                Action.move(Field.IPV4_SRC, Field.IPV4_DST), Action.setField(Field.IPV4_SRC, "10.0.0.1"),
                Action.setField(Field.ICMPV4_TYPE, "0"), Action.setField(Field.NW_TTL, "64"), Action.inPort()));
        flows.add(flow(3, p++, Match.builder().inPort(3).build(), Action.setField(Field.IN_PORT, "0"), Action.output(3)));
        return flows;
    }

    /** Neutron's ARP responder action list. */
    static Action[] arpResponder(String mac, String ip) {
        return new Action[] {
            Action.move(Field.ETH_SRC, Field.ETH_DST),
            Action.setField(Field.ETH_SRC, mac),
            Action.setField(Field.ARP_OP, "2"),
            Action.move(Field.ARP_SHA, Field.ARP_THA),
            Action.move(Field.ARP_SPA, Field.ARP_TPA),
            Action.setField(Field.ARP_SHA, mac),
            Action.setField(Field.ARP_SPA, ip),
            Action.inPort()};
    }

    static List<Flow> all() {
        List<Flow> flows = new ArrayList<>(matches());
        flows.addAll(actions());
        return flows;
    }

    static Flow flow(int table, int priority, Match m, Action... actions) {
        return new Flow(table, priority, COOKIE + table, m, List.of(actions));
    }
}
