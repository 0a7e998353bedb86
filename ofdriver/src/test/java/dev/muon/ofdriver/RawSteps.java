package dev.muon.ofdriver;

import static dev.muon.ofdriver.RawOpenFlow.F;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFlags;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.BundleId;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * Raw OpenFlow 1.4 steps for comparing a switch with Open vSwitch below the driver: flow-mods
 * the driver never sends (non-strict modify and delete, cookie masks, out_port, table 255) and
 * bundle sequences, good and bad. Each step's messages carry fixed xids, so both switches get
 * the very same bytes.
 */
final class RawSteps {
    record Step(String name, List<OFMessage> messages) {
    }

    private static final Set<OFBundleFlags> ATOMIC = EnumSet.of(OFBundleFlags.ATOMIC, OFBundleFlags.ORDERED);
    private final RawOpenFlow xids;

    RawSteps(RawOpenFlow xids) {
        this.xids = xids;
    }

    List<Step> all() {
        List<Step> steps = new ArrayList<>();
        List<OFMessage> base = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            base.add(mod(OFFlowModCommand.ADD, 0, 10 + i, 0x100 + i, 0, ip("10." + i + ".0.0/16"), output(2 + i % 2)));
            base.add(mod(OFFlowModCommand.ADD, 1, 10 + i, 0x200 + i, 0, inPort(i + 1), output(2 + i % 2)));
        }
        base.add(mod(OFFlowModCommand.ADD, 0, 5, 0x300, 0, ip("10.0.0.0/8"), gotoTable(1)));
        base.add(mod(OFFlowModCommand.ADD, 2, 5, 0x301, 0, tcp(80), output(4)));
        steps.add(new Step("adds", base));
        steps.add(new Step("modify, non-strict, within 10/8", List.of(
                mod(OFFlowModCommand.MODIFY, 0, 0, 0, 0, ip("10.0.0.0/8"), output(9)))));
        steps.add(new Step("modify-strict of a flow that is not there", List.of(
                mod(OFFlowModCommand.MODIFY_STRICT, 0, 77, 0x400, 0, ip("10.9.0.0/16"), output(9)))));
        steps.add(new Step("modify with a cookie mask selecting nothing", List.of(
                mod(OFFlowModCommand.MODIFY, 0, 0, 0x999, 0xfff, ip("10.8.0.0/16"), output(9)))));
        steps.add(new Step("modify with a cookie mask", List.of(
                mod(OFFlowModCommand.MODIFY, 1, 0, 0x201, 0xfff, any(), output(8)))));
        steps.add(new Step("delete by cookie under a mask, every table", List.of(
                mod(OFFlowModCommand.DELETE, 0xff, 0, 0x1, 0x3, any(), List.of()))));
        steps.add(new Step("delete by out_port", List.of(
                outPortDelete(1, 3))));
        steps.add(new Step("delete-strict with the wrong priority, then the right one", List.of(
                mod(OFFlowModCommand.DELETE_STRICT, 1, 11, 0, 0, inPort(1), List.of()),
                mod(OFFlowModCommand.DELETE_STRICT, 1, 10, 0, 0, inPort(1), List.of()))));
        steps.add(new Step("refused flow-mods", List.of(
                mod(OFFlowModCommand.ADD, 0xff, 1, 0, 0, inPort(1), output(2)),
                mod(OFFlowModCommand.ADD, 3, 1, 0, 0, inPort(1), gotoTable(2)),
                mod(OFFlowModCommand.ADD, 3, 1, 0, 0, F.buildMatch().setExact(MatchField.IP_PROTO, IpProtocol.TCP).build(), output(2)),
                mod(OFFlowModCommand.ADD, 3, 1, 0, 0, inPort(1), List.of(F.instructions().meter(42))),
                mod(OFFlowModCommand.ADD, 3, 2, 0, 0, inPort(1), List.of(F.instructions().applyActions(
                        List.<OFAction>of(F.actions().group(OFGroup.of(1)))))))));
        steps.add(new Step("a commit without a bundle, a discard without one", List.of(
                ctrl(7, OFBundleCtrlType.COMMIT_REQUEST), ctrl(8, OFBundleCtrlType.DISCARD_REQUEST))));
        steps.add(new Step("a bundle opened twice", List.of(
                ctrl(9, OFBundleCtrlType.OPEN_REQUEST), ctrl(9, OFBundleCtrlType.OPEN_REQUEST),
                ctrl(9, OFBundleCtrlType.COMMIT_REQUEST))));
        long bad = xids.xid();
        steps.add(new Step("a bundle with a refused add commits the rest", List.of(
                ctrl(10, OFBundleCtrlType.OPEN_REQUEST),
                add(10, mod(OFFlowModCommand.ADD, 4, 1, 0x500, 0, inPort(1), output(2))),
                add(10, mod(bad, OFFlowModCommand.ADD, 4, 2, 0x501, 0, inPort(1), gotoTable(3))),
                add(10, mod(OFFlowModCommand.DELETE, 0xff, 0, 0x300, -1L, any(), List.of())),
                ctrl(10, OFBundleCtrlType.CLOSE_REQUEST),
                ctrl(10, OFBundleCtrlType.COMMIT_REQUEST))));
        steps.add(new Step("an add to a closed bundle drops the bundle", List.of(
                ctrl(13, OFBundleCtrlType.OPEN_REQUEST),
                add(13, mod(OFFlowModCommand.ADD, 4, 3, 0x502, 0, inPort(1), output(2))),
                ctrl(13, OFBundleCtrlType.CLOSE_REQUEST),
                add(13, mod(OFFlowModCommand.ADD, 4, 4, 0x503, 0, inPort(1), output(2))),
                ctrl(13, OFBundleCtrlType.COMMIT_REQUEST))));
        steps.add(new Step("a meter-mod in a bundle", List.of(
                ctrl(11, OFBundleCtrlType.OPEN_REQUEST),
                add(11, F.buildMeterMod().setXid(xids.xid()).setCommand(OFMeterModCommand.ADD).setMeterId(3)
                        .setFlags(Set.of(OFMeterFlags.PKTPS)).setBands(List.of(F.meterBands().drop(10, 1))).build()),
                ctrl(11, OFBundleCtrlType.DISCARD_REQUEST))));
        steps.add(new Step("an add whose flags differ from the bundle's", List.of(
                ctrl(12, OFBundleCtrlType.OPEN_REQUEST),
                F.buildBundleAddMsg().setXid(xids.xid()).setBundleId(BundleId.of(12)).setFlags(EnumSet.of(OFBundleFlags.ATOMIC))
                        .setData(mod(OFFlowModCommand.ADD, 5, 1, 0, 0, inPort(1), output(2))).build(),
                ctrl(12, OFBundleCtrlType.COMMIT_REQUEST))));
        steps.add(new Step("check_overlap and send_flow_rem", List.of(
                flagged(6, 50, ip("10.1.0.0/16"), EnumSet.of(OFFlowModFlags.SEND_FLOW_REM)),
                flagged(6, 50, ip("10.1.2.0/24"), EnumSet.of(OFFlowModFlags.CHECK_OVERLAP)),
                flagged(6, 50, ip("10.2.0.0/16"), EnumSet.of(OFFlowModFlags.CHECK_OVERLAP)),
                flagged(6, 51, ip("10.1.2.0/24"), EnumSet.of(OFFlowModFlags.CHECK_OVERLAP)),
                flagged(6, 50, inPort(3), EnumSet.of(OFFlowModFlags.CHECK_OVERLAP)),
                flagged(6, 50, ip("10.1.0.0/16"), EnumSet.of(OFFlowModFlags.CHECK_OVERLAP, OFFlowModFlags.NO_BYT_COUNTS)))));
        // NXM headers, host bits under a mask, all-ones and all-zero masks, the 16-bit in_port
        byte[] nxmMatch = java.util.HexFormat.of().parseHex("00010034" + "000000020001" + "000006020800"
                + "00001108" + "0a010200" + "ffffff00" + "00000f08" + "0a000001" + "ffffffff" + "00010f08" + "00000000" + "00000000");
        byte[] hostBits = nxmMatch.clone();
        hostBits[23] = (byte) 0xff; // 10.1.2.255/24
        byte[] allOnes = nxmMatch.clone();
        allOnes[27] = (byte) 0xff; // 10.1.2.0/32
        steps.add(new Step("a match in Nicira's form", List.of(
                mod(OFFlowModCommand.ADD, 7, 1, 0x700, 0, new WireMatch(F.getVersion(), nxmMatch), output(2)),
                mod(OFFlowModCommand.ADD, 7, 9, 0x707, 0, new WireMatch(F.getVersion(), hostBits), output(2)),
                mod(OFFlowModCommand.ADD, 7, 9, 0x708, 0, new WireMatch(F.getVersion(), allOnes), output(2)))));
        steps.add(new Step("actions in other forms", List.of(
                mod(OFFlowModCommand.ADD, 7, 2, 0x701, 0, inPort(2), raw("ffff0010000023200012000000000000")),  // NXAST_DEC_TTL
                mod(OFFlowModCommand.ADD, 7, 3, 0x702, 0, inPort(3), raw("ffff0010000023200001000400000000")),  // NXAST_RESUBMIT
                mod(OFFlowModCommand.ADD, 7, 4, 0x703, 0, inPort(4), raw("ffff0010000023200002000000000005")),  // NXAST_SET_TUNNEL
                mod(OFFlowModCommand.ADD, 7, 5, 0x704, 0, inPort(5), raw("0019001000000206fa163e0000010000")),  // set_field NXM_OF_ETH_DST
                mod(OFFlowModCommand.ADD, 7, 6, 0x705, 0, inPort(6),
                        raw("ffff0018000023200007001f00010a040000000000000005")),                                      // reg_load whole reg5
                mod(OFFlowModCommand.ADD, 7, 7, 0x706, 0, inPort(7), raw("0000001000000001ffe5000000000000")))));   // output max_len
        steps.add(new Step("delete everything", List.of(
                mod(OFFlowModCommand.DELETE, 0xff, 0, 0, 0, any(), List.of()))));
        return steps;
    }

    private OFMessage mod(OFFlowModCommand command, int table, int priority, long cookie, long cookieMask, Match match,
                          List<OFInstruction> instructions) {
        return mod(xids.xid(), command, table, priority, cookie, cookieMask, match, instructions);
    }

    private static OFMessage mod(long xid, OFFlowModCommand command, int table, int priority, long cookie, long cookieMask,
                                 Match match, List<OFInstruction> instructions) {
        var b = switch (command) {
            case ADD -> F.buildFlowAdd();
            case MODIFY -> F.buildFlowModify();
            case MODIFY_STRICT -> F.buildFlowModifyStrict();
            case DELETE -> F.buildFlowDelete();
            case DELETE_STRICT -> F.buildFlowDeleteStrict();
        };
        return b.setXid(xid).setTableId(TableId.of(table)).setPriority(priority).setCookie(U64.of(cookie))
                .setCookieMask(U64.of(cookieMask)).setBufferId(OFBufferId.NO_BUFFER).setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY).setMatch(match).setInstructions(instructions).build();
    }

    private OFMessage flagged(int table, int priority, Match match, Set<OFFlowModFlags> flags) {
        return F.buildFlowAdd().setXid(xids.xid()).setTableId(TableId.of(table)).setPriority(priority).setCookie(U64.of(0x600))
                .setBufferId(OFBufferId.NO_BUFFER).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).setMatch(match)
                .setFlags(flags).setInstructions(output(2)).build();
    }

    /** One apply-actions instruction holding the given whole action (hex). */
    private static List<OFInstruction> raw(String hex) {
        byte[] bytes = java.util.HexFormat.of().parseHex(hex.length() % 16 == 0 ? hex : hex.substring(0, hex.length() / 16 * 16));
        return List.of(F.instructions().applyActions(List.<OFAction>of(new RawAction(F.getVersion(), bytes, "raw"))));
    }

    private OFMessage outPortDelete(int table, int port) {
        return F.buildFlowDelete().setXid(xids.xid()).setTableId(TableId.of(table)).setCookie(U64.ZERO).setCookieMask(U64.ZERO)
                .setBufferId(OFBufferId.NO_BUFFER).setOutPort(OFPort.of(port)).setOutGroup(OFGroup.ANY).setMatch(any()).build();
    }

    private OFMessage ctrl(int bundle, OFBundleCtrlType type) {
        return F.buildBundleCtrlMsg().setXid(xids.xid()).setBundleId(BundleId.of(bundle)).setBundleCtrlType(type)
                .setFlags(ATOMIC).build();
    }

    /** A bundle add carries its message's xid. */
    private static OFMessage add(int bundle, OFMessage m) {
        return F.buildBundleAddMsg().setXid(m.getXid()).setBundleId(BundleId.of(bundle)).setFlags(ATOMIC).setData(m).build();
    }

    private static Match any() {
        return F.buildMatch().build();
    }

    private static Match inPort(int port) {
        return F.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(port)).build();
    }

    private static Match ip(String cidr) {
        return F.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4).setMasked(MatchField.IPV4_DST, IPv4AddressWithMask.of(cidr)).build();
    }

    private static Match tcp(int port) {
        return F.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4).setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                .setExact(MatchField.TCP_DST, TransportPort.of(port)).build();
    }

    private static List<OFInstruction> output(int port) {
        return List.of(F.instructions().applyActions(List.<OFAction>of(F.actions().output(OFPort.of(port), 0))));
    }

    private static List<OFInstruction> gotoTable(int table) {
        return List.of(F.instructions().gotoTable(TableId.of(table)));
    }
}
