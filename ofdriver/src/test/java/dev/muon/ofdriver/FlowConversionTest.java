package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFPort;

/** Flow → Loxi flow-mod → wire → flow-stats reply → Flow, for every field and action. */
class FlowConversionTest {

    static final long COOKIE = 0x4d75_0100_0000_0001L;

    /** One flow per match field and action type, and Neutron-like combinations. */
    static List<Flow> everyFieldAndAction() {
        List<Flow> flows = new ArrayList<>();
        flows.add(flow(0, 1, Match.builder().inPort(1).build(), Action.gotoTable(2)));
        flows.add(flow(0, 1, Match.builder().inPort(0xfffffffe).build(), Action.normal()));
        flows.add(flow(0, 0, Match.ANY)); // drop
        flows.add(flow(4, 1, Match.builder().tunId(0x64).build(), Action.pushVlan(), Action.setVlanVid(1), Action.gotoTable(10)));
        flows.add(flow(4, 1, Match.builder().tunId(-1L).build(), Action.pushVlan(), Action.setVlanVid(4095), Action.gotoTable(10)));
        flows.add(flow(20, 2, Match.builder().vlan(1).ethDst("fa:16:3e:00:00:01").build(),
                Action.popVlan(), Action.setTunnelId(0x64), Action.output(2)));
        flows.add(flow(22, 1, Match.builder().vlan(0).build(),
                Action.popVlan(), Action.setTunnelId(Long.MIN_VALUE), Action.output(2), Action.output(3)));
        flows.add(flow(0, 3, Match.builder().untagged().build(), Action.inPort()));
        flows.add(flow(2, 1, Match.builder().ethDst("01:00:00:00:00:00", "01:00:00:00:00:00").build(), Action.gotoTable(22)));
        flows.add(flow(2, 1, Match.builder().ethDst("00:00:00:00:00:00", "01:00:00:00:00:00").build(), Action.gotoTable(20)));
        flows.add(flow(25, 2, Match.builder().inPort(5).ethSrc("fa:16:3e:aa:bb:cc").build(), Action.normal()));
        flows.add(flow(21, 1, Match.builder().vlan(7).ethType(Match.ETH_TYPE_ARP).arpOp(1).arpTpa("10.0.0.5").build(),
                Action.output(1)));
        flows.add(flow(24, 2, Match.builder().inPort(5).ethType(Match.ETH_TYPE_ARP).arpSpa("10.0.0.5").build(), Action.gotoTable(25)));
        flows.add(flow(24, 2, Match.builder().inPort(5).ethType(Match.ETH_TYPE_ARP).arpSpa("10.1.0.0/16").build(), Action.gotoTable(25)));
        flows.add(flow(0, 50, Match.builder().ethType(Match.ETH_TYPE_IPV4).ipProto(Match.IP_PROTO_UDP).udpSrc(68).udpDst(67).build(),
                Action.controller()));
        flows.add(flow(0, 50, Match.builder().inPort(3).ethType(Match.ETH_TYPE_IPV4).ipProto(17).udpDst(67).build(),
                new Action.Controller(128)));
        flows.add(flow(0, 9, Match.builder().ethType(Match.ETH_TYPE_IPV4).ipv4Src("10.0.0.1").ipv4Dst("192.168.0.0/24").build(),
                Action.output(OpenFlowPorts.LOCAL)));
        flows.add(flow(0, 9, Match.builder().ethType(Match.ETH_TYPE_IPV4).ipv4Src("10.0.0.0/255.0.255.0").build(),
                Action.output(OpenFlowPorts.FLOOD), Action.output(OpenFlowPorts.ALL)));
        flows.add(flow(0, 9, Match.builder().ethType(Match.ETH_TYPE_IPV6).ipProto(58).build()));
        flows.add(flow(254, 65535, Match.builder().inPort(1).vlan(5).ethSrc("00:00:00:00:00:01").ethDst("ff:ff:ff:ff:ff:ff")
                .ethType(Match.ETH_TYPE_IPV4).tunId(9).ipProto(17).ipv4Src("1.2.3.4").ipv4Dst("5.6.7.8")
                .udpSrc(1000).udpDst(2000).build(), Action.popVlan(), Action.pushVlan(), Action.setVlanVid(9), Action.inPort()));
        flows.add(flow(23, 0, Match.ANY, Action.gotoTable(24)));
        // Neutron's IPv6 neighbour-advertisement anti-spoofing and ARP responder
        flows.add(flow(0, 10, Match.builder().inPort(3).ethType(Match.ETH_TYPE_IPV6).ipProto(Match.IP_PROTO_ICMPV6)
                .icmpv6Type(136).build(), Action.gotoTable(24)));
        flows.add(flow(24, 2, Match.builder().inPort(3).ethType(Match.ETH_TYPE_IPV6).ipProto(Match.IP_PROTO_ICMPV6)
                .icmpv6Type(136).ndTarget("fe80::f816:3eff:fe31:3980").build(), Action.normal()));
        flows.add(flow(24, 2, Match.builder().inPort(3).ethType(Match.ETH_TYPE_IPV6).ipProto(Match.IP_PROTO_ICMPV6)
                .icmpv6Type(136).ndTarget("2001:db8:0:1::/64").build(), Action.normal()));
        flows.add(flow(21, 1, Match.builder().vlan(1).ethType(Match.ETH_TYPE_ARP).arpOp(1).arpTpa("10.0.0.4").build(),
                arpResponder("fa:16:3e:96:e2:a4", "10.0.0.4")));
        flows.add(flow(30, 1, Match.builder().inPort(4).ethType(Match.ETH_TYPE_ARP).build(),
                Action.setField(Action.Field.ETH_DST, "00:00:00:00:00:01"),
                Action.setField(Action.Field.ARP_THA, "ff:ff:ff:ff:ff:ff"),
                Action.setField(Action.Field.ARP_TPA, "255.255.255.255"),
                Action.setField(Action.Field.ARP_OP, "65535"),
                Action.move(Action.Field.ARP_OP, Action.Field.ARP_OP),
                Action.move(Action.Field.ETH_DST, Action.Field.ARP_SHA),
                Action.move(Action.Field.ARP_TPA, Action.Field.ARP_SPA),
                Action.move(Action.Field.ARP_THA, Action.Field.ETH_SRC),
                Action.output(1)));
        return flows;
    }

    /** Neutron's ARP responder action list (set_field for its loads). */
    static Action[] arpResponder(String mac, String ip) {
        return new Action[] {
            Action.move(Action.Field.ETH_SRC, Action.Field.ETH_DST),
            Action.setField(Action.Field.ETH_SRC, mac),
            Action.setField(Action.Field.ARP_OP, "2"),
            Action.move(Action.Field.ARP_SHA, Action.Field.ARP_THA),
            Action.move(Action.Field.ARP_SPA, Action.Field.ARP_TPA),
            Action.setField(Action.Field.ARP_SHA, mac),
            Action.setField(Action.Field.ARP_SPA, ip),
            Action.inPort()};
    }

    static Flow flow(int table, int priority, Match m, Action... actions) {
        return new Flow(table, priority, COOKIE + table, m, List.of(actions));
    }

    @ParameterizedTest
    @EnumSource(value = OFVersion.class, names = {"OF_13", "OF_14"})
    void everyFieldAndActionSurvivesTheRoundTrip(OFVersion version) {
        OFFactory f = OFFactories.getFactory(version);
        List<Flow> flows = everyFieldAndAction();
        assertEquals(flows, readBack(f, flows, 1));
    }

    @Test
    void everyMatchFieldAndActionTypeIsCovered() {
        EnumSet<Match.Field> fields = EnumSet.noneOf(Match.Field.class);
        var actionTypes = new java.util.HashSet<Class<?>>();
        for (Flow fl : everyFieldAndAction()) {
            fields.addAll(fl.match().fields());
            fl.actions().forEach(a -> actionTypes.add(a.getClass()));
        }
        assertEquals(EnumSet.allOf(Match.Field.class), fields);
        assertEquals(Action.class.getPermittedSubclasses().length, actionTypes.size());
        EnumSet<Action.Field> set = EnumSet.noneOf(Action.Field.class);
        EnumSet<Action.Field> moved = EnumSet.noneOf(Action.Field.class);
        for (Flow fl : everyFieldAndAction()) {
            for (Action a : fl.actions()) {
                if (a instanceof Action.SetField sf) {
                    set.add(sf.field());
                } else if (a instanceof Action.Move mv) {
                    moved.add(mv.src());
                    moved.add(mv.dst());
                }
            }
        }
        assertEquals(EnumSet.allOf(Action.Field.class), set, "set_field of every field");
        assertEquals(EnumSet.allOf(Action.Field.class), moved, "move from or to every field");
    }

    @Test
    void movesAreNiciraRegMovesWithNxmHeaders() {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        var actions = ActionConverter.toActions(f, List.of(Action.move(Action.Field.ARP_SHA, Action.Field.ARP_THA)));
        ByteBuf b = Unpooled.buffer();
        actions.get(0).writeTo(b);
        // experimenter action, length 24, Nicira, NXAST_REG_MOVE, n_bits 48, ofs 0/0, NXM_NX_ARP_SHA, NXM_NX_ARP_THA
        assertEquals("ffff" + "0018" + "00002320" + "0006" + "0030" + "0000" + "0000" + "00012206" + "00012406",
                ByteBufUtil.hexDump(b));
    }

    @Test
    void movesReadBackFromOxmHeadersAndPartialMovesAreUnsupported() {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        var oxmForm = f.actions().buildNiciraMove().setNBits(48).setSrc(0x80000806L).setDst(0x80000606L).build();
        assertEquals(Action.move(Action.Field.ETH_SRC, Action.Field.ETH_DST), ActionConverter.fromLoxi(oxmForm));
        var partial = f.actions().buildNiciraMove().setNBits(16).setSrc(0x00000406L).setDst(0x00000206L).build();
        assertEquals(ActionConverter.UNSUPPORTED, ActionConverter.fromLoxi(partial));
        var register = f.actions().buildNiciraMove().setNBits(32).setSrc(0x00010004L).setDst(0x00002004L).build();
        assertEquals(ActionConverter.UNSUPPORTED, ActionConverter.fromLoxi(register));
    }

    @Test
    void prerequisitesPrecedeDependentFieldsOnTheWire() {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        // Built in the "wrong" order: the encoding must still be in OXM field order.
        Match m = Match.builder().udpDst(67).ipProto(17).arpTpa("1.1.1.1").ethType(0x800).inPort(1).build();
        ByteBuf b = Unpooled.buffer();
        MatchConverter.toLoxi(f, m).writeTo(b);
        List<Integer> fieldOrder = new ArrayList<>();
        for (int p = 4; p + 4 <= b.getUnsignedShort(2); p += 4 + b.getUnsignedByte(p + 3)) {
            fieldOrder.add(b.getUnsignedByte(p + 2) >> 1);
        }
        assertEquals(List.of(0, 5, 10, 16, 23), fieldOrder); // in_port, eth_type, ip_proto, udp_dst, arp_tpa
    }

    @Test
    void multipartRepliesOfManyEntriesAndFlags() {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        List<Flow> flows = everyFieldAndAction();
        ByteBuf wire = reply(f, flows, 42, true);
        FlowStatsChunk chunk = new FlowStatsParser(f).parse(wire);
        assertEquals(42, chunk.xid());
        assertTrue(chunk.more());
        assertEquals(flows, chunk.flows());
    }

    @Test
    void invalidOrNonCanonicalValuesAreRefusedBeforeSending() {
        FlowModEncoder enc = new FlowModEncoder(OFFactories.getFactory(OFVersion.OF_14));
        List<Match> bad = List.of(
                Match.builder().ethSrc("FA:16:3E:00:00:01").build(),
                Match.builder().ethDst("fa:16:3e:00:00:01", "01:00:00:00:00:00").build(),
                Match.builder().ethDst("fa:16:3e:00:00:01", "ff:ff:ff:ff:ff:ff").build(),
                Match.builder().ethType(0x800).ipv4Src("10.0.0.1/24").build(),
                Match.builder().ethType(0x800).ipv4Src("10.0.0.1/32").build(),
                Match.builder().ethType(0x800).ipv4Src("10.0.0.0/255.255.255.0").build(),
                Match.builder().ethType(0x800).ipv4Dst("10.0.0.256").build(),
                Match.builder().vlan(4096).build(),
                Match.builder().udpDst(70000).build(),
                Match.builder().ethType(0x86dd).ipProto(58).icmpv6Type(136).ndTarget("FE80::1").build(),
                Match.builder().ethType(0x86dd).ipProto(58).icmpv6Type(136).ndTarget("fe80:0:0::1").build(),
                Match.builder().ethType(0x86dd).ipProto(58).icmpv6Type(136).ndTarget("2001:db8::1/64").build(),
                Match.builder().ethType(0x86dd).ipProto(58).icmpv6Type(136).ndTarget("2001:db8::1/128").build(),
                Match.builder().ethType(0x86dd).ipProto(58).icmpv6Type(136).ndTarget("10.0.0.1").build(),
                Match.builder().ethType(0x86dd).ipProto(58).icmpv6Type(256).build());
        for (Match m : bad) {
            assertThrows(IllegalArgumentException.class, () -> enc.add(flow(0, 1, m), 1), m::toString);
        }
        assertThrows(IllegalArgumentException.class, () -> enc.add(flow(0, 1, Match.ANY, Action.gotoTable(3), Action.normal()), 1));
        assertThrows(IllegalArgumentException.class, () -> enc.add(flow(0, 1, Match.ANY, Action.output(OpenFlowPorts.NORMAL)), 1));
        assertThrows(IllegalArgumentException.class, () -> enc.add(flow(0, 1, Match.ANY, ActionConverter.UNSUPPORTED), 1));
        assertThrows(IllegalArgumentException.class, () -> enc.add(flow(255, 1, Match.ANY), 1));
        for (Action a : List.of(Action.setField(Action.Field.ETH_SRC, "FA:16:3E:00:00:01"),
                Action.setField(Action.Field.ARP_SHA, "fa163e000001"),
                Action.setField(Action.Field.ARP_SPA, "10.0.0.01"),
                Action.setField(Action.Field.ARP_OP, "02"),
                Action.setField(Action.Field.ARP_OP, "0x2"),
                Action.setField(Action.Field.ARP_OP, "65536"))) {
            assertThrows(IllegalArgumentException.class, () -> enc.add(flow(0, 1, Match.ANY, a), 1), a::toOfctl);
        }
        assertThrows(IllegalArgumentException.class, () -> Action.move(Action.Field.ETH_SRC, Action.Field.ARP_SPA));
    }

    @Test
    void deleteStrictCarriesMatchPriorityAndTableWithAnyOutPort() {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        Flow fl = everyFieldAndAction().get(5);
        var del = (OFFlowDeleteStrict) new FlowModEncoder(f).deleteStrict(fl, 77);
        assertEquals(77, del.getXid());
        assertEquals(fl.table(), del.getTableId().getValue());
        assertEquals(fl.priority(), del.getPriority());
        assertEquals(OFPort.ANY, del.getOutPort());
        assertEquals(0, del.getCookieMask().getValue());
        assertEquals(fl.match(), MatchConverter.fromLoxi(del.getMatch(), f).orElseThrow());
    }

    /** Flows with an OXM Loxi does not know and a Nicira action Loxi does not know. */
    @Test
    void unknownMatchFieldsAndActionsBecomeRawMatchesAndUnsupportedActions() {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        // ofp_match: in_port=1, then an NXM (class 0x0001) field 120 that Loxi does not know, 4 bytes
        byte[] match = hex("0001" + "0014" + "80000004" + "00000001" + "0001f004" + "00000009");
        // instructions: apply_actions{ NXAST_LEARN-like experimenter action (subtype 16, padded), output:2 }, goto 30
        String unknownAction = "ffff" + "0018" + "00002320" + "0010" + "000000000000" + "0000000000000000";
        String output2 = "0000" + "0010" + "00000002" + "0000" + "000000000000";
        String apply = "0004" + hex4(8 + 24 + 16) + "00000000" + unknownAction + output2;
        String gotoTable = "0001" + "0008" + "1e" + "000000";
        ByteBuf wire = replyWithRawEntry(f, 9, 100, 0x1234, match, hex(apply + gotoTable));
        Flow fl = new FlowStatsParser(f).parse(wire).flows().get(0);

        assertEquals(9, fl.table());
        assertEquals(100, fl.priority());
        assertEquals(0x1234, fl.cookie());
        assertEquals(List.of(ActionConverter.UNSUPPORTED, Action.output(2), Action.gotoTable(30)), fl.actions());
        assertTrue(fl.match().ethSrc().startsWith(RawMatch.PREFIX), fl.match().toString());
        assertEquals(ByteBufUtil.hexDump(match), ByteBufUtil.hexDump(RawMatch.bytes(fl.match()).orElseThrow()));

        // Deleting it repeats the exact wire match, padded, inside a proper flow-mod.
        var del = new FlowModEncoder(f).deleteStrict(fl, 5);
        ByteBuf out = Unpooled.buffer();
        del.writeTo(out);
        assertEquals(out.readableBytes(), out.getUnsignedShort(2));
        assertEquals(48 + 24, out.readableBytes());
        assertEquals(4 /* OFPFC_DELETE_STRICT */, out.getUnsignedByte(25));
        assertEquals(9, out.getUnsignedByte(24));
        assertEquals(100, out.getUnsignedShort(30));
        assertEquals(ByteBufUtil.hexDump(match), ByteBufUtil.hexDump(out, 48, match.length));
        assertEquals(5, out.getInt(4));
    }

    @Test
    void maskedFieldsMuonDoesNotUseBecomeRawMatches() {
        OFFactory f = OFFactories.getFactory(OFVersion.OF_14);
        // eth_src with a mask, and vlan_vid=0x1000/0x1000 (any tagged frame)
        for (String oxm : List.of("8000090c" + "fa163e000000" + "ffffff000000", "80000d04" + "1000" + "1000")) {
            int len = 4 + oxm.length() / 2;
            byte[] match = hex("0001" + hex4(len) + oxm);
            Flow fl = new FlowStatsParser(f).parse(replyWithRawEntry(f, 0, 1, 0, match, new byte[0])).flows().get(0);
            assertEquals(ByteBufUtil.hexDump(match), ByteBufUtil.hexDump(RawMatch.bytes(fl.match()).orElseThrow()));
            assertEquals(List.of(), fl.actions());
        }
    }

    // --- helpers ---

    static List<Flow> readBack(OFFactory f, List<Flow> flows, long xid) {
        return new FlowStatsParser(f).parse(reply(f, flows, xid, false)).flows();
    }

    /** What a switch would answer to a flow dump after installing {@code flows}. */
    static ByteBuf reply(OFFactory f, List<Flow> flows, long xid, boolean more) {
        FlowModEncoder enc = new FlowModEncoder(f);
        List<OFFlowStatsEntry> entries = new ArrayList<>();
        for (Flow fl : flows) {
            OFFlowAdd add = (OFFlowAdd) enc.add(fl, 1);
            entries.add(f.buildFlowStatsEntry()
                    .setTableId(add.getTableId())
                    .setPriority(add.getPriority())
                    .setCookie(add.getCookie())
                    .setMatch(add.getMatch())
                    .setInstructions(add.getInstructions())
                    .build());
        }
        var reply = f.buildFlowStatsReply().setXid(xid).setEntries(entries)
                .setFlags(more ? EnumSet.of(OFStatsReplyFlags.REPLY_MORE) : EnumSet.noneOf(OFStatsReplyFlags.class))
                .build();
        ByteBuf b = Unpooled.buffer();
        reply.writeTo(b);
        assertTrue(FlowStatsParser.isFlowStatsReply(b));
        return b;
    }

    /** A flow-stats reply with one entry whose match and instructions are given as bytes. */
    static ByteBuf replyWithRawEntry(OFFactory f, int table, int priority, long cookie, byte[] match, byte[] instructions) {
        int padded = (match.length + 7) / 8 * 8;
        int entryLength = 48 + padded + instructions.length;
        ByteBuf b = Unpooled.buffer();
        b.writeByte(f.getVersion().getWireVersion()).writeByte(19).writeShort(16 + entryLength).writeInt(3);
        b.writeShort(1).writeShort(0).writeInt(0);
        b.writeShort(entryLength).writeByte(table).writeByte(0).writeInt(1).writeInt(2);
        b.writeShort(priority).writeShort(0).writeShort(0).writeShort(0).writeInt(0);
        b.writeLong(cookie).writeLong(10).writeLong(1000);
        b.writeBytes(match).writeZero(padded - match.length);
        b.writeBytes(instructions);
        return b;
    }

    static byte[] hex(String s) {
        return ByteBufUtil.decodeHexDump(s);
    }

    static String hex4(int v) {
        return String.format("%04x", v);
    }
}
