package dev.muon.simulator.openflow;

import static dev.muon.simulator.openflow.FlowMods.F;
import static dev.muon.simulator.openflow.FlowMods.add;
import static dev.muon.simulator.openflow.FlowMods.mod;
import static dev.muon.simulator.openflow.FlowMods.output;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;

/** The flow table's Open vSwitch semantics and the checks of a flow-mod, without a network. */
class FlowTableTest {
    private final FlowTable table = new FlowTable();

    private static Match inPort(int port) {
        return F.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(port)).build();
    }

    private static Match ipDst(String cidr) {
        return F.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setMasked(MatchField.IPV4_DST, IPv4AddressWithMask.of(cidr)).build();
    }

    private void apply(FlowMod fm) {
        table.apply(fm, null, 0);
    }

    private Map<String, Long> cookies() {
        Map<String, Long> out = new HashMap<>();
        table.forEach(e -> out.put(e.table() + "/" + e.priority() + "/" + e.match(), e.cookie()));
        return out;
    }

    @Test
    void anAddReplacesTheFlowWithTheSameTablePriorityAndMatch() {
        apply(add(0, 10, 1, inPort(1), output(2)));
        apply(add(0, 10, 2, inPort(1), output(3)));
        apply(add(0, 11, 3, inPort(1), output(4)));
        apply(add(1, 10, 4, inPort(1), output(5)));
        assertEquals(3, table.size());
        FlowEntry e = table.get(FlowEntry.key(0, 10, add(0, 10, 0, inPort(1), List.of()).match()));
        assertEquals(2, e.cookie(), "the new cookie");
        assertArrayEquals(add(0, 10, 2, inPort(1), output(3)).instructions().instructions().bytes(), e.instructions().bytes());
    }

    @Test
    void matchesAreNormalisedAsOpenVSwitchKeepsThem() {
        // value bits outside the mask cleared; an all-ones mask is exact; a zero mask matches anything
        apply(add(0, 10, 1, ipDst("10.0.0.77/24"), output(1)));
        apply(add(0, 10, 2, ipDst("10.0.0.0/24"), output(1)));
        apply(add(0, 10, 3, ipDst("10.0.0.5/32"), output(1)));
        apply(add(0, 10, 4, F.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.0.5")).build(), output(1)));
        apply(add(0, 10, 5, ipDst("0.0.0.0/0"), output(1)));
        apply(add(0, 10, 6, F.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4).build(), output(1)));
        assertEquals(3, table.size(), cookies().toString());
        assertEquals(List.of(2L, 4L, 6L), cookies().values().stream().sorted().toList());
    }

    @Test
    void strictDeleteTakesOneFlowNonStrictEveryMoreSpecificOne() {
        apply(add(0, 10, 1, ipDst("10.0.0.0/8"), output(1)));
        apply(add(0, 20, 2, ipDst("10.1.0.0/16"), output(1)));
        apply(add(0, 30, 3, ipDst("10.1.2.3/32"), output(1)));
        apply(add(0, 40, 4, ipDst("11.0.0.0/8"), output(1)));
        apply(add(3, 40, 5, ipDst("10.1.2.3/32"), output(1)));

        apply(mod(OFFlowModCommand.DELETE_STRICT, 0, 20, 0, 0, ipDst("10.1.0.0/8"), List.of()));
        assertEquals(5, table.size(), "a strict delete needs the exact match and priority");
        apply(mod(OFFlowModCommand.DELETE_STRICT, 0, 21, 0, 0, ipDst("10.1.0.0/16"), List.of()));
        assertEquals(5, table.size(), "... and priority");
        apply(mod(OFFlowModCommand.DELETE_STRICT, 0, 20, 0, 0, ipDst("10.1.0.0/16"), List.of()));
        assertEquals(List.of(1L, 3L, 4L, 5L), cookies().values().stream().sorted().toList());

        apply(mod(OFFlowModCommand.DELETE, 0, 0, 0, 0, ipDst("10.0.0.0/8"), List.of()));
        assertEquals(List.of(4L, 5L), cookies().values().stream().sorted().toList(),
                "every flow of table 0 within 10/8, whatever its priority; not 11/8, not table 3");
        apply(mod(OFFlowModCommand.DELETE, FlowMod.TABLE_ALL, 0, 0, 0, F.buildMatch().build(), List.of()));
        assertEquals(0, table.size(), "table 255 and an empty match: everything");
    }

    @Test
    void cookieMasksSelect() {
        for (int i = 0; i < 8; i++) {
            apply(add(0, 10 + i, 0x100 + i, inPort(1), output(1)));
        }
        // delete where (cookie & 0x3) == 0x1: cookies 0x101 and 0x105
        apply(mod(OFFlowModCommand.DELETE, 0, 0, 0x1, 0x3, F.buildMatch().build(), List.of()));
        assertEquals(List.of(0x100L, 0x102L, 0x103L, 0x104L, 0x106L, 0x107L), cookies().values().stream().sorted().toList());
        // a strict delete with a cookie that does not match under the mask leaves the flow
        apply(mod(OFFlowModCommand.DELETE_STRICT, 0, 10, 0x999, -1L, inPort(1), List.of()));
        assertEquals(6, table.size());
        apply(mod(OFFlowModCommand.DELETE_STRICT, 0, 10, 0x100, -1L, inPort(1), List.of()));
        assertEquals(5, table.size());
    }

    @Test
    void modifyRewritesInstructionsKeepsCookiesAndDoesNothingWhenNothingMatches() {
        apply(add(0, 10, 1, ipDst("10.1.0.0/16"), output(1)));
        apply(add(0, 20, 2, ipDst("10.2.0.0/16"), output(1)));
        apply(mod(OFFlowModCommand.MODIFY, 0, 0, 0, 0, ipDst("10.0.0.0/8"), output(9)));
        byte[] out9 = add(0, 1, 0, inPort(1), output(9)).instructions().instructions().bytes();
        table.forEach(e -> assertArrayEquals(out9, e.instructions().bytes()));
        assertEquals(List.of(1L, 2L), cookies().values().stream().sorted().toList());
        apply(mod(OFFlowModCommand.MODIFY_STRICT, 0, 30, 3, 0, ipDst("10.3.0.0/16"), output(9)));
        assertEquals(2, table.size(), "a modify that selects nothing does nothing (OpenFlow 1.1+)");
    }

    @Test
    void theUndoLogRestoresTheTableExactly() {
        apply(add(0, 10, 1, inPort(1), output(1)));
        apply(add(0, 10, 2, inPort(2), output(1)));
        apply(add(0, 10, 3, inPort(3), output(1)));
        Map<String, Long> before = cookies();
        FlowUndo undo = new FlowUndo();
        table.apply(add(0, 10, 9, inPort(1), output(7)), undo, 0);          // replace
        table.apply(add(0, 10, 9, inPort(4), output(7)), undo, 0);          // new
        table.apply(mod(OFFlowModCommand.DELETE_STRICT, 0, 10, 0, 0, inPort(2), List.of()), undo, 0);
        table.apply(mod(OFFlowModCommand.MODIFY, 0, 0, 0, 0, inPort(3), output(8)), undo, 0);
        table.apply(add(0, 10, 10, inPort(4), output(6)), undo, 0);         // replace the new one
        assertEquals(3, table.size());
        undo.rollback(table);
        assertEquals(before, cookies());
        byte[] out1 = add(0, 1, 0, inPort(1), output(1)).instructions().instructions().bytes();
        table.forEach(e -> assertArrayEquals(out1, e.instructions().bytes()));
    }

    @Test
    void flowModsOpenVSwitchRefusesAreRefusedWithItsErrors() {
        List<OFInstruction> gotoBack = List.of(F.instructions().gotoTable(TableId.of(3)));
        assertError(OfError.BAD_INSTRUCTION, 2, () -> add(5, 1, 0, inPort(1), gotoBack));
        assertError(OfError.BAD_INSTRUCTION, 2, () -> add(3, 1, 0, inPort(1), gotoBack));
        List<OFInstruction> meter = List.of(F.instructions().meter(4));
        assertError(OfError.METER_MOD_FAILED, 2, () -> add(0, 1, 0, inPort(1), meter));
        assertNotNull(FlowMods.decode(FlowMods.message(OFFlowModCommand.ADD, 0, 1, 0, 0, inPort(1), meter), id -> id == 4));
        // tcp_dst without ip_proto: the match's prerequisites
        Match noProto = F.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.TCP_DST, TransportPort.of(80)).build();
        assertError(OfError.BAD_MATCH, 9, () -> add(0, 1, 0, noProto, output(1)));
        // set_field of an IPv4 address on a flow that does not match IPv4
        List<OFInstruction> setIp = List.of(F.instructions().applyActions(List.<OFAction>of(
                F.actions().setField(F.oxms().ipv4Src(IPv4Address.of("10.0.0.1"))))));
        assertError(OfError.BAD_ACTION, 10, () -> add(0, 1, 0, inPort(1), setIp));
        assertNotNull(add(0, 1, 0, F.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4).build(), setIp));
        // push_vlan makes a VLAN id writable, pop_vlan takes it away
        List<OFAction> vlan = new ArrayList<>(List.of(F.actions().pushVlan(EthType.VLAN_FRAME),
                F.actions().setField(F.oxms().vlanVid(org.projectfloodlight.openflow.types.OFVlanVidMatch.ofVlan(5)))));
        assertNotNull(add(0, 1, 0, inPort(1), List.of(F.instructions().applyActions(vlan))));
        vlan.add(1, F.actions().popVlan());
        assertError(OfError.BAD_ACTION, 10, () -> add(0, 1, 0, inPort(1), List.of(F.instructions().applyActions(vlan))));
        // pop_vlan needs a VLAN header; OVS handles at most two
        assertError(OfError.BAD_ACTION, 10, () -> add(0, 1, 0, inPort(1),
                List.of(F.instructions().applyActions(List.of(F.actions().popVlan())))));
        OFAction push = F.actions().pushVlan(EthType.VLAN_FRAME);
        assertNotNull(add(0, 1, 0, inPort(1), List.of(F.instructions().applyActions(List.of(push, push)))));
        assertError(OfError.BAD_ACTION, 12, () -> add(0, 1, 0, inPort(1),
                List.of(F.instructions().applyActions(List.of(push, push, push)))));
        // an add to table 255, or beyond the last table
        assertError(OfError.FLOW_MOD_FAILED, 2, () -> add(255, 1, 0, inPort(1), output(1)));
        // ip_proto without an IP eth_type
        Match proto = F.buildMatch().setExact(MatchField.IP_PROTO, IpProtocol.TCP).build();
        assertError(OfError.BAD_MATCH, 9, () -> add(0, 1, 0, proto, output(1)));
        // a conjunction only among conjunctions: Open vSwitch's own (Nicira experimenter) error
        byte[] conjunction = java.util.HexFormat.of().parseHex("ffff00100000232000220102" + "00000007");
        List<OFInstruction> alone = applyRaw(conjunction);
        assertNotNull(add(0, 1, 0, inPort(1), alone));
        OfError mixed = assertThrows(OfError.class, () -> add(0, 2, 0, inPort(1), applyRaw(conjunction,
                java.util.HexFormat.of().parseHex("0012000800000000")))); // pop_vlan
        assertEquals(0xffff + "/" + 15 + "/" + 0x2320, mixed.type + "/" + mixed.code + "/" + mixed.experimenter);
        assertEquals(0, table.size());
    }

    /** An apply-actions instruction holding the given raw actions. */
    private static List<OFInstruction> applyRaw(byte[]... actions) {
        List<OFAction> list = new ArrayList<>();
        for (byte[] a : actions) {
            list.add(new RawTestAction(a));
        }
        return List.of(F.instructions().applyActions(list));
    }

    private static void assertError(int type, int code, org.junit.jupiter.api.function.Executable e) {
        OfError error = assertThrows(OfError.class, e);
        assertEquals(type + "/" + code, error.type + "/" + error.code, error.getMessage());
    }

    @Test
    void deletingAMeterDeletesItsFlows() {
        MeterTable meters = new MeterTable();
        meters.apply(F.buildMeterMod().setCommand(org.projectfloodlight.openflow.protocol.OFMeterModCommand.ADD).setMeterId(4)
                .setFlags(java.util.Set.of(org.projectfloodlight.openflow.protocol.OFMeterFlags.PKTPS))
                .setBands(List.of(F.meterBands().drop(100, 10))).build(), table);
        List<OFInstruction> metered = List.of(F.instructions().meter(4), output(1).get(0));
        table.apply(FlowMods.decode(FlowMods.message(OFFlowModCommand.ADD, 0, 1, 0, 0, inPort(1), metered), meters::exists), null, 0);
        apply(add(0, 1, 0, inPort(2), output(1)));
        assertEquals(2, table.size());
        assertTrue(table.select(mod(OFFlowModCommand.DELETE, 255, 0, 0, 0, inPort(1), List.of())).size() == 1);
        meters.apply(F.buildMeterMod().setCommand(org.projectfloodlight.openflow.protocol.OFMeterModCommand.DELETE).setMeterId(4)
                .setFlags(java.util.Set.of()).setBands(List.of()).build(), table);
        assertEquals(1, table.size());
        assertNull(table.get(FlowEntry.key(0, 1, add(0, 1, 0, inPort(1), List.of()).match())));
    }
}
