package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FieldFormat.Bits;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Nat;
import dev.muon.pipeline.flow.Subfield;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.OFPort;

/** Flow → flow-mod → wire → flow-stats reply → Flow, for every catalogue field and action record. */
class FlowConversionTest {
    static final OFFactory OF14 = OFFactories.getFactory(OFVersion.OF_14);

    @ParameterizedTest
    @EnumSource(value = OFVersion.class, names = {"OF_13", "OF_14"})
    void everyFieldAndActionSurvivesTheRoundTrip(OFVersion version) {
        OFFactory f = OFFactories.getFactory(version);
        List<Flow> flows = EveryCase.all();
        List<Flow> back = readBack(f, flows, 1);
        for (int i = 0; i < flows.size(); i++) {
            assertEquals(flows.get(i), back.get(i), flows.get(i).toOfctl());
        }
        assertEquals(flows.size(), back.size());
    }

    /** Fails when a catalogue field or an Action record is added without a case in {@link EveryCase}. */
    @Test
    void everyFieldAndActionTypeHasACase() {
        Set<Field> matched = EnumSet.noneOf(Field.class);
        Set<Field> masked = EnumSet.noneOf(Field.class);
        for (Flow fl : EveryCase.matches()) {
            fl.match().entries().forEach((f, v) -> {
                matched.add(f);
                if (!Oxm.parse(f, v).exact(f.bits())) {
                    masked.add(f);
                }
            });
        }
        assertEquals(EnumSet.allOf(Field.class), matched, "a match on every field");
        for (Field f : Field.values()) {
            assertEquals(f.maskable(), masked.contains(f), "a masked match on every maskable field: " + f);
        }

        Set<Class<?>> types = new HashSet<>();
        Set<Field> set = EnumSet.noneOf(Field.class);
        Set<Field> movedFrom = EnumSet.noneOf(Field.class);
        Set<Field> movedTo = EnumSet.noneOf(Field.class);
        Set<Field> loaded = EnumSet.noneOf(Field.class);
        List<Action> all = new ArrayList<>();
        EveryCase.actions().forEach(fl -> all.addAll(fl.actions()));
        for (int i = 0; i < all.size(); i++) {
            Action a = all.get(i);
            types.add(a.getClass());
            if (a instanceof Action.Ct ct) {
                all.addAll(ct.exec());
            } else if (a instanceof Action.SetField s) {
                set.add(s.field());
            } else if (a instanceof Action.Move m) {
                movedFrom.add(m.src().field());
                movedTo.add(m.dst().field());
            } else if (a instanceof Action.Load l) {
                loaded.add(l.dst().field());
            } else if (a instanceof Action.SetVlanVid) {
                set.add(Field.VLAN_VID);
            } else if (a instanceof Action.SetTunnelId) {
                set.add(Field.TUN_ID);
            }
        }
        Set<Class<?>> permitted = Set.of(Action.class.getPermittedSubclasses());
        assertEquals(permitted, types, "every Action record");
        Set<Field> writable = EnumSet.complementOf(EnumSet.copyOf(EveryCase.READ_ONLY));
        assertEquals(writable, set, "set_field (or its own record) on every writable field");
        assertEquals(writable, loaded, "a load into every writable field");
        assertEquals(EnumSet.allOf(Field.class), movedFrom, "a move from every field");
        writable.remove(Field.CT_MARK); // only inside ct's exec, where Muon sets and loads it
        assertEquals(writable, movedTo, "a move into every writable field");
        for (Field f : EveryCase.NOT_SET_FIELD) {
            // refused when the action is built (read-only fields) or when it is encoded
            assertThrows(IllegalArgumentException.class, () -> encode(EveryCase.flow(9, 1, EveryCase.base(f).build(),
                    Action.setField(f, EveryCase.samples(f).get(0)))), f::toString);
        }
    }

    /**
     * The driver's headers are the ones Loxi, an independent reading of the specs, has for its
     * fields, except where Loxi 3.2.1 is wrong or silent: it has no NXM_NX_IP_TTL, and it writes
     * a masked reg7 with the header of reg8 (0x00011008), so its own masked reg7 would match the
     * wrong register; the driver writes 0x00010f08, as Open vSwitch does.
     */
    @Test
    void catalogueHeadersAgreeWithLoxiWhereLoxiKnowsTheField() {
        var reader = OF14.oxms().getReader();
        int known = 0;
        for (Field f : Field.values()) {
            for (String v : EveryCase.samples(f)) {
                ByteBuf b = Unpooled.buffer();
                Bits bits = Oxm.parse(f, v);
                Oxm.write(b, NxmHeaders.match(f), f, bits);
                OFOxm<?> oxm;
                try {
                    oxm = reader.readFrom(b.duplicate());
                } catch (Exception e) {
                    oxm = null;
                }
                if (oxm == null) {
                    boolean loxiBug = f == Field.NW_TTL || f == Field.CONJ_ID || (f == Field.REG7 && !bits.exact(32));
                    assertTrue(loxiBug, "Loxi cannot read " + f + " " + ByteBufUtil.hexDump(b));
                    continue;
                }
                known++;
                assertEquals(!Oxm.parse(f, v).exact(f.bits()), oxm.isMasked(), f + " " + v);
                assertEquals(expectedLoxi(f), oxm.getMatchField(), f.toString());
                ByteBuf again = Unpooled.buffer();
                oxm.writeTo(again);
                assertEquals(ByteBufUtil.hexDump(b), ByteBufUtil.hexDump(again), f + " " + v);
            }
        }
        assertTrue(known > 50, "samples read by Loxi: " + known);
    }

    private static MatchField<?> expectedLoxi(Field f) {
        return switch (f) {
            case CT_STATE -> MatchField.CONNTRACK_STATE;
            case CT_ZONE -> MatchField.CONNTRACK_ZONE;
            case CT_MARK -> MatchField.CONNTRACK_MARK;
            case REG0 -> MatchField.REG0;
            case REG1 -> MatchField.REG1;
            case REG2 -> MatchField.REG2;
            case REG3 -> MatchField.REG3;
            case REG4 -> MatchField.REG4;
            case REG5 -> MatchField.REG5;
            case REG6 -> MatchField.REG6;
            case REG7 -> MatchField.REG7;
            case TUN_ID -> MatchField.TUNNEL_ID;
            case IN_PORT -> MatchField.IN_PORT;
            case VLAN_VID -> MatchField.VLAN_VID;
            case ETH_SRC -> MatchField.ETH_SRC;
            case ETH_DST -> MatchField.ETH_DST;
            case ETH_TYPE -> MatchField.ETH_TYPE;
            case IPV6_SRC -> MatchField.IPV6_SRC;
            case IPV6_DST -> MatchField.IPV6_DST;
            case ARP_SPA -> MatchField.ARP_SPA;
            case ARP_TPA -> MatchField.ARP_TPA;
            case IPV4_SRC -> MatchField.IPV4_SRC;
            case IPV4_DST -> MatchField.IPV4_DST;
            case IP_PROTO -> MatchField.IP_PROTO;
            case ARP_OP -> MatchField.ARP_OP;
            case ARP_SHA -> MatchField.ARP_SHA;
            case ARP_THA -> MatchField.ARP_THA;
            case NW_TTL -> null; // NXM_NX_IP_TTL: not in Loxi 3.2.1
            case CONJ_ID -> null; // NXM_NX_CONJ_ID: not in Loxi 3.2.1
            case ICMPV4_TYPE -> MatchField.ICMPV4_TYPE;
            case ICMPV4_CODE -> MatchField.ICMPV4_CODE;
            case ICMPV6_TYPE -> MatchField.ICMPV6_TYPE;
            case ICMPV6_CODE -> MatchField.ICMPV6_CODE;
            case ND_TARGET -> MatchField.IPV6_ND_TARGET;
            case TCP_SRC -> MatchField.TCP_SRC;
            case TCP_DST -> MatchField.TCP_DST;
            case UDP_SRC -> MatchField.UDP_SRC;
            case UDP_DST -> MatchField.UDP_DST;
        };
    }

    @Test
    void prerequisitesPrecedeDependentFieldsOnTheWire() {
        // Built in the "wrong" order: the encoding puts eth_type, ip_proto and icmpv6_type first.
        Match m = Match.builder().ndTarget("fe80::1").icmpv6Type(135).reg(5, 1).ipProto(58).ethType(0x86dd).inPort(1).build();
        byte[] wire = MatchConverter.toWire(m);
        ByteBuf b = Unpooled.wrappedBuffer(wire);
        List<Long> headers = new ArrayList<>();
        for (int p = 4; p + 4 <= wire.length; p += 4 + b.getUnsignedByte(p + 3)) {
            headers.add(b.getUnsignedInt(p));
        }
        assertEquals(List.of(Field.ETH_TYPE.oxmHeader(), Field.IP_PROTO.oxmHeader(), Field.ICMPV6_TYPE.oxmHeader(),
                Field.REG5.nxmHeader(), Field.IN_PORT.oxmHeader(), Field.ND_TARGET.oxmHeader()), headers);
        assertEquals(m, MatchConverter.fromWire(wire).orElseThrow());
    }

    @Test
    void multipartRepliesOfManyEntriesAndFlags() {
        List<Flow> flows = EveryCase.all();
        ByteBuf wire = reply(OF14, flows, 42, true);
        FlowStatsChunk chunk = new FlowStatsParser(OF14).parse(wire);
        assertEquals(42, chunk.xid());
        assertTrue(chunk.more());
        assertEquals(flows, chunk.flows());
    }

    /** Byte layouts from Open vSwitch's lib/ofp-actions.c structs, for the actions Loxi cannot build. */
    @Test
    void niciraActionsLoxiLacksAreEncodedAsOpenVSwitchLaysThemOut() {
        String nx = "00002320";
        // NXAST_REG_MOVE: n_bits 48, ofs 0/0, NXM_NX_ARP_SHA, NXM_NX_ARP_THA
        assertEquals("ffff0018" + nx + "0006" + "0030" + "0000" + "0000" + "00012206" + "00012406",
                hex(Action.move(Field.ARP_SHA, Field.ARP_THA)));
        // NXAST_OUTPUT_REG: ofs_nbits (16<<6 | 15), NXM_NX_REG0, max_len 65535, 6 zero bytes
        assertEquals("ffff0018" + nx + "000f" + "040f" + "00010004" + "ffff" + "000000000000",
                hex(Action.outputReg(Subfield.bits(Field.REG0, 16, 31))));
        // NXAST_CONJUNCTION: clause 0-based, n_clauses, id
        assertEquals("ffff0010" + nx + "0022" + "01" + "02" + "00000007", hex(new Action.Conjunction(7, 2, 2)));
        // NXAST_CHECK_PKT_LARGER: pkt_len 1464, offset 3, NXM_NX_REG0, padded to 24
        assertEquals("ffff0018" + nx + "0031" + "05b8" + "0003" + "00010004" + "000000000000",
                hex(new Action.CheckPktLarger(1464, Subfield.bits(Field.REG0, 3, 3))));
        // NXAST_CONTROLLER2: ext_action_header, max_len, reason invalid_ttl, userdata, each property padded to 8
        assertEquals("ffff0028" + nx + "0025" + "000000000000" + "0000000800800000" + "0002000502000000"
                + "0003000701020a00", hex(new Action.ControllerWithData(128, "invalid_ttl", "01.02.0a")));
        assertEquals("ffff0010" + nx + "0025" + "000000000000", hex(new Action.ControllerWithData(0xffff, "action", "")));
        // OFPAT_SET_FIELD with NXM_NX_IP_TTL (Loxi has no such OXM), padded to 16
        assertEquals("0019" + "0010" + "00013a01" + "40" + "00000000000000", hex(Action.setField(Field.NW_TTL, "64")));
        // in_port is set through the 16-bit NXM_OF_IN_PORT
        assertEquals("0019" + "0010" + "00000002" + "fffe" + "000000000000", hex(Action.setField(Field.IN_PORT, "4294967294")));
        // NXAST_CT: flags commit, zone_src none, zone 4097, no recirculation, alg 0, then NXAST_NAT:
        // pad, flags src, range_present ipv4 min|max|port min|port max, the options, padded to 32
        assertEquals("ffff0038" + nx + "0023" + "0001" + "00000000" + "1001" + "ff" + "000000" + "0000"
                        + "ffff0020" + nx + "0024" + "0000" + "0001" + "0033" + "0a000005" + "0a000009" + "03e8" + "07d0"
                        + "00000000",
                hex(new Action.Ct(true, null, null, 4097, new Nat(Nat.Kind.SRC, "10.0.0.5", "10.0.0.9", 1000, 2000), List.of())));
        // NXAST_NAT with only an address: 16 + 4, padded to 24 (Loxi would send 20)
        assertEquals("ffff0030" + nx + "0023" + "0000" + "00010c04" + "01cf" + "4c" + "000000" + "0000"
                        + "ffff0018" + nx + "0024" + "0000" + "0002" + "0001" + "0a00000b" + "00000000",
                hex(new Action.Ct(false, 76, Subfield.bits(Field.REG6, 7, 22), 0, Nat.dst("10.0.0.11"), List.of())));
    }

    /** Forms Open vSwitch may send for an action that Muon writes differently read back as the same Action. */
    @Test
    void otherWireFormsOfTheSameActionReadBackEqual() {
        String nx = "00002320";
        // NXAST_REG_LOAD2 (OVS's form for a field without an NXM header): OXM_OF_VLAN_VID masked, bits 0..11 = 5
        assertEquals(Action.load(Subfield.bits(Field.VLAN_VID, 0, 11), 5),
                action("ffff0018" + nx + "0021" + "80000d04" + "0005" + "0fff" + "000000000000"));
        // NXAST_REG_LOAD2, unmasked: the whole field
        assertEquals(Action.load(Subfield.whole(Field.REG3), 0x7),
                action("ffff0018" + nx + "0021" + "00010604" + "00000007" + "000000000000"));
        // NXAST_OUTPUT_REG2 (OVS's form when the field has no NXM header, or it came in so)
        assertEquals(Action.outputReg(Subfield.whole(Field.REG5)),
                action("ffff0018" + nx + "0020" + "001f" + "ffff" + "00010a04" + "000000000000"));
        // dec_ttl: OFPAT_DEC_NW_TTL, Nicira's NXAST_DEC_TTL, and dec_ttl_cnt_ids with controller 0 only
        assertEquals(Action.decTtl(), action("0018" + "0008" + "00000000"));
        assertEquals(Action.decTtl(), action("ffff0010" + nx + "0012" + "000000000000"));
        assertEquals(Action.decTtl(), action("ffff0018" + nx + "0015" + "0001" + "00000000" + "0000" + "000000000000"));
        // reg_move with OXM headers (OXM_OF_ETH_SRC -> OXM_OF_ETH_DST)
        assertEquals(Action.move(Field.ETH_SRC, Field.ETH_DST),
                action("ffff0018" + nx + "0006" + "0030" + "0000" + "0000" + "80000806" + "80000606"));
        // NXAST_CONTROLLER (the older form): reason action is CONTROLLER:max_len, another reason controller(...)
        assertEquals(new Action.Controller(100), action("ffff0010" + nx + "0014" + "0064" + "0000" + "01" + "00"));
        assertEquals(new Action.ControllerWithData(0xffff, "invalid_ttl", ""),
                action("ffff0010" + nx + "0014" + "ffff" + "0000" + "02" + "00"));
        // NXAST_RESUBMIT_TABLE with in_port IN_PORT
        assertEquals(Action.resubmit(9), action("ffff0010" + nx + "000e" + "fff8" + "09" + "000000"));
    }

    @Test
    void formsActionCannotHoldReadBackAsUnsupported() {
        String nx = "00002320";
        List<String> unsupported = List.of(
                "ffff0018" + nx + "000f" + "001f" + "00010a04" + "0080" + "000000000000", // output_reg max_len 128
                "ffff0018" + nx + "0006" + "0003" + "000d" + "0000" + "00000802" + "00010004", // move NXM_OF_VLAN_TCI[13..15] (PCP)
                "ffff0010" + nx + "000e" + "0005" + "09" + "000000", // resubmit(5,9)
                "ffff0010" + nx + "0014" + "ffff" + "0003" + "01" + "00", // controller id 3
                "ffff0018" + nx + "0025" + "000000000000" + "0004000400000000", // controller2 with pause
                "ffff0018" + nx + "0023" + "0003" + "00000000" + "0000" + "ff" + "000000" + "0000", // ct(commit,force)
                "ffff0018" + nx + "0023" + "0000" + "00000000" + "0000" + "ff" + "000000" + "0015", // ct(alg=ftp)
                "ffff0028" + nx + "0023" + "0001" + "00000000" + "0000" + "ff" + "000000" + "0000"
                        + "ffff0010" + nx + "0024" + "0000" + "0005" + "0000", // ct(commit,nat(src,persistent)) without address
                "ffff0010" + nx + "0024" + "0000" + "0000" + "0000", // nat outside ct
                "ffff0010" + nx + "0010" + "000000000000", // learn
                "0019" + "0010" + "00000802" + "1005" + "000000000000", // set_field NXM_OF_VLAN_TCI: not a catalogue set_field
                "0019" + "0010" + "80000d04" + "0005" + "0fff" + "00000000", // masked set_field (OpenFlow 1.5 only)
                "0019" + "0010" + "80000c02" + "0005" + "000000000000"); // set_field vlan_vid without OFPVID_PRESENT
        for (String a : unsupported) {
            assertEquals(ActionConverter.UNSUPPORTED, action(a), a);
        }
    }

    @Test
    void readOnlyFieldsAreRefusedWhenTheActionIsBuilt() {
        assertThrows(IllegalArgumentException.class, () -> Action.load(Subfield.bits(Field.CT_ZONE, 0, 3), 1));
        assertThrows(IllegalArgumentException.class, () -> Action.move(Field.REG0, Field.CONJ_ID));
        Action.move(Field.CONJ_ID, Field.REG0);   // reading it is fine
    }

    @Test
    void invalidValuesAreRefusedBeforeSending() {
        Match ip = Match.builder().ethType(Field.ETH_TYPE_IPV4).build();
        List<Flow> bad = List.of(
                EveryCase.flow(0, 1, Match.ANY, Action.gotoTable(3), Action.normal()),
                EveryCase.flow(0, 1, Match.ANY, Action.output(OpenFlowPorts.NORMAL)),
                EveryCase.flow(0, 1, Match.ANY, ActionConverter.UNSUPPORTED),
                EveryCase.flow(255, 1, Match.ANY),
                EveryCase.flow(0, 1, Match.ANY, Action.resubmit(255)),
                EveryCase.flow(0, 1, Match.ANY, Action.setField(Field.CT_MARK, "0x1")),
                EveryCase.flow(0, 1, Match.ANY, Action.move(Field.REG0, Field.CT_MARK)),
                EveryCase.flow(0, 1, Match.ANY, Action.setField(Field.IN_PORT, "65280")),
                EveryCase.flow(0, 1, Match.builder().ethType(Field.ETH_TYPE_IPV6).build(),
                        Action.load(Subfield.whole(Field.IPV6_SRC), 1)),
                EveryCase.flow(0, 1, Match.ANY, new Action.ControllerWithData(100, "because", "")),
                EveryCase.flow(0, 1, ip, new Action.Ct(false, 255, null, 0, null, List.of())),
                EveryCase.flow(0, 1, ip, new Action.Ct(false, 5, Subfield.bits(Field.REG6, 0, 15), 3, null, List.of())),
                EveryCase.flow(0, 1, ip, new Action.Ct(true, null, null, 1, Nat.src("0.0.0.0"), List.of())),
                EveryCase.flow(0, 1, ip, new Action.Ct(true, null, null, 1, new Nat(Nat.Kind.SRC, "10.0.0.1", null, 0, 5), List.of())),
                EveryCase.flow(0, 1, ip, new Action.Ct(true, null, null, 1, new Nat(Nat.Kind.SRC, "10.0.0.9", "10.0.0.1", null, null),
                        List.of())));
        for (Flow fl : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encode(fl), fl::toOfctl);
            assertTrue(e.getMessage().endsWith(" in " + fl.toOfctl()), e.getMessage());
        }
    }

    @Test
    void deleteStrictCarriesMatchPriorityAndTableWithAnyOutPort() {
        for (Flow fl : EveryCase.all()) {
            var del = (OFFlowDeleteStrict) new FlowModEncoder(OF14).deleteStrict(fl, 77);
            assertEquals(77, del.getXid());
            assertEquals(fl.table(), del.getTableId().getValue());
            assertEquals(fl.priority(), del.getPriority());
            assertEquals(OFPort.ANY, del.getOutPort());
            assertEquals(0, del.getCookieMask().getValue());
            assertEquals(fl.match(), MatchConverter.fromWire(((WireMatch) del.getMatch()).bytes()).orElseThrow());
        }
    }

    /** Flows with an OXM nobody knows and a Nicira action Muon does not model. */
    @Test
    void unknownMatchFieldsAndActionsBecomeRawMatchesAndUnsupportedActions() {
        // ofp_match: in_port=1, then an NXM (class 0x0001) field 120 that nobody knows, 4 bytes
        byte[] match = hex("0001" + "0014" + "80000004" + "00000001" + "0001f004" + "00000009");
        // instructions: apply_actions{ NXAST_LEARN-like experimenter action (subtype 16, padded), output:2 }, goto 30
        String unknownAction = "ffff" + "0018" + "00002320" + "0010" + "000000000000" + "0000000000000000";
        String output2 = "0000" + "0010" + "00000002" + "0000" + "000000000000";
        String apply = "0004" + hex4(8 + 24 + 16) + "00000000" + unknownAction + output2;
        String gotoTable = "0001" + "0008" + "1e" + "000000";
        ByteBuf wire = replyWithRawEntry(OF14, 9, 100, 0x1234, match, hex(apply + gotoTable));
        Flow fl = new FlowStatsParser(OF14).parse(wire).flows().get(0);

        assertEquals(9, fl.table());
        assertEquals(100, fl.priority());
        assertEquals(0x1234, fl.cookie());
        assertEquals(List.of(ActionConverter.UNSUPPORTED, Action.output(2), Action.gotoTable(30)), fl.actions());
        assertTrue(fl.match().foreign().startsWith(RawMatch.PREFIX), fl.match().toString());
        assertEquals(ByteBufUtil.hexDump(match), ByteBufUtil.hexDump(RawMatch.bytes(fl.match()).orElseThrow()));
        assertThrows(IllegalArgumentException.class, () -> encode(fl));

        // Deleting it repeats the exact wire match, padded, inside a proper flow-mod.
        var del = new FlowModEncoder(OF14).deleteStrict(fl, 5);
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
    void matchesTheCatalogueCannotWriteBecomeRawMatches() {
        List<String> oxms = List.of(
                "80000d04" + "1000" + "1000", // vlan_vid=0x1000/0x1000 (any tagged frame): dl_vlan cannot say it
                "80000a02" + "86dd" + "80003520" + "20010db8000000000000000000000000"
                        + "ffffffff00000000ffffffffffffffff", // ipv6_src, a mask that is not a prefix
                "0001d204" + "00000022", // ct_state without a mask: all 32 bits exact
                "0001d308" + "00000100" + "00000100", // ct_state with a flag Muon does not name
                "00000802" + "1005", // vlan_tci (NXM): another field than vlan_vid
                "80000a02" + "0800" + "80001402" + "0005", // eth_type, then ip_proto with a wrong length
                "80000a02" + "0800" + "80000a02" + "0800"); // a field twice
        for (String oxm : oxms) {
            byte[] match = hex("0001" + hex4(4 + oxm.length() / 2) + oxm);
            Flow fl = new FlowStatsParser(OF14).parse(replyWithRawEntry(OF14, 0, 1, 0, match, new byte[0])).flows().get(0);
            assertEquals(ByteBufUtil.hexDump(match), ByteBufUtil.hexDump(RawMatch.bytes(fl.match()).orElseThrow()), oxm);
            assertEquals(List.of(), fl.actions());
        }
        // ... and what the catalogue can write is read, whichever way it came (here: eth_src masked, reg5 masked).
        byte[] match = hex("0001" + "0020" + "8000090c" + "fa163e000000" + "ffffff000000" + "00010b08" + "00000010" + "000000f0");
        Flow fl = new FlowStatsParser(OF14).parse(replyWithRawEntry(OF14, 0, 1, 0, match, new byte[0])).flows().get(0);
        assertEquals("reg5=0x10/0xf0,dl_src=fa:16:3e:00:00:00/ff:ff:ff:00:00:00", fl.match().toOfctl());
    }

    // --- helpers ---

    /** The flow-mod's bytes (its apply-actions hold the one action of interest first). */
    static OFFlowAdd encode(Flow fl) {
        return (OFFlowAdd) new FlowModEncoder(OF14).add(fl, 1);
    }

    /** The wire form of one action, as the driver sends it. */
    static String hex(Action a) {
        ByteBuf b = Unpooled.buffer();
        ActionConverter.toActions(OF14, List.of(a)).get(0).writeTo(b);
        return ByteBufUtil.hexDump(b);
    }

    /** The one action read back from its wire form. */
    static Action action(String hex) {
        ByteBuf b = Unpooled.wrappedBuffer(hex(hex));
        List<Action> as = ActionConverter.fromWire(OF14.actions().getReader(), b, 0, b.readableBytes());
        assertEquals(1, as.size(), hex);
        return as.get(0);
    }

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
