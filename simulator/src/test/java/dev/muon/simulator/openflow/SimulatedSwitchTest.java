package dev.muon.simulator.openflow;

import static dev.muon.simulator.openflow.FakeController.F;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFlags;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.BundleId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** The switch's side of the protocol, against a minimal blocking controller: no Open vSwitch needed. */
class SimulatedSwitchTest {
    private static final long DPID = 0x51_0000_0000_0042L;
    private static final long OF13_AND_14 = 1L << 4 | 1L << 5;
    private static final Set<OFBundleFlags> ATOMIC = EnumSet.of(OFBundleFlags.ATOMIC, OFBundleFlags.ORDERED);

    private NioEventLoopGroup loop;
    private FakeController controller;
    private SimulatedSwitch sw;
    private final List<Integer> notified = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        loop = new NioEventLoopGroup(1);
        controller = new FakeController();
        sw = new SimulatedSwitch(loop, DPID, controller.address());
        sw.listener((s, nanos) -> notified.add(s.flowCount()));
        sw.connect();
    }

    @AfterEach
    void stop() throws Exception {
        sw.close();
        controller.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void handshakePortsAndEcho() throws Exception {
        OFFeaturesReply features = controller.accept(OF13_AND_14);
        assertEquals(OFVersion.OF_14, features.getVersion());
        assertEquals(DPID, features.getDatapathId().getLong());
        sw.addPort(5, "tap5", "fa:16:3e:00:00:05");
        OFPortStatus added = (OFPortStatus) FakeController.loxi(controller.read());
        assertEquals(OFPortReason.ADD, added.getReason());
        assertEquals(OFPort.of(5), added.getDesc().getPortNo());

        controller.send(F.buildPortDescStatsRequest().setXid(10).build());
        List<OFPortDesc> ports = ((OFPortDescStatsReply) FakeController.loxi(controller.read())).getEntries();
        assertEquals(List.of(OFPort.LOCAL, OFPort.of(5)), ports.stream().map(OFPortDesc::getPortNo).toList());
        assertEquals(MacAddress.of("fa:16:3e:00:00:05"), ports.get(1).getHwAddr());

        sw.addPort(5, "tap5-renamed-long-name", "fa:16:3e:00:00:06");
        OFPortStatus modified = (OFPortStatus) FakeController.loxi(controller.read());
        assertEquals(OFPortReason.MODIFY, modified.getReason());
        assertEquals("tap5-renamed-lo", modified.getDesc().getName(), "cut to 15 characters");

        sw.removePort(5);
        OFPortStatus deleted = (OFPortStatus) FakeController.loxi(controller.read());
        assertEquals(OFPortReason.DELETE, deleted.getReason());

        controller.send(F.buildEchoRequest().setXid(11).setData(new byte[] {1, 2, 3}).build());
        OFEchoReply echo = (OFEchoReply) FakeController.loxi(controller.read());
        assertEquals(11, echo.getXid());
        assertEquals(3, echo.getData().length);
    }

    @Test
    void aSwitchOfferingBothVersionsSpeaksOpenFlow13ToA13Controller() throws Exception {
        assertEquals(OFVersion.OF_13, controller.accept(1L << 4).getVersion());
    }

    @Test
    void aSwitchConfiguredForOpenFlow13OnlySpeaksIt() throws Exception {
        sw.protocols("OpenFlow13");
        controller.accept(OF13_AND_14); // the connection made before the change
        controller.dropConnection();
        assertEquals(OFVersion.OF_13, controller.accept(OF13_AND_14).getVersion());
    }

    @Test
    void bundlesAreCheckedAsAddedAndCommittedAtomically() throws Exception {
        controller.accept(OF13_AND_14);
        // a commit without a bundle
        controller.send(ctrl(1, OFBundleCtrlType.COMMIT_REQUEST, 20));
        assertError(20, 17, 2);

        // adds are checked one by one: the bad one is refused with its own xid and left out
        controller.send(ctrl(2, OFBundleCtrlType.OPEN_REQUEST, 21));
        assertEquals(OFBundleCtrlType.OPEN_REPLY, ((OFBundleCtrlMsg) FakeController.loxi(controller.read())).getBundleCtrlType());
        controller.send(add(2, 22, 0, 10, inPort(1), FlowMods.output(2)));
        controller.send(add(2, 23, 5, 10, inPort(1), List.of(F.instructions().gotoTable(TableId.of(4)))));
        assertError(23, 3, 2);
        controller.send(ctrl(2, OFBundleCtrlType.CLOSE_REQUEST, 24));
        assertEquals(OFBundleCtrlType.CLOSE_REPLY, ((OFBundleCtrlMsg) FakeController.loxi(controller.read())).getBundleCtrlType());
        assertEquals(0, sw.flowCount(), "nothing before the commit");
        controller.send(ctrl(2, OFBundleCtrlType.COMMIT_REQUEST, 26));
        assertEquals(OFBundleCtrlType.COMMIT_REPLY, ((OFBundleCtrlMsg) FakeController.loxi(controller.read())).getBundleCtrlType());
        assertEquals(1, sw.flowCount());
        assertEquals(List.of(1), notified, "one notification per commit");

        // an add to a closed bundle is refused and, as in Open vSwitch, the bundle dropped
        controller.send(ctrl(4, OFBundleCtrlType.OPEN_REQUEST, 27));
        controller.send(ctrl(4, OFBundleCtrlType.CLOSE_REQUEST, 28));
        controller.send(add(4, 29, 0, 11, inPort(1), FlowMods.output(2)));
        controller.send(ctrl(4, OFBundleCtrlType.COMMIT_REQUEST, 30));
        FakeController.loxi(controller.read());
        FakeController.loxi(controller.read());
        assertError(29, 17, 4); // closed
        assertError(30, 17, 2); // no such bundle any more

        // a failure at commit (the meter went away in between) undoes the whole bundle
        controller.send(F.buildMeterMod().setXid(40).setCommand(OFMeterModCommand.ADD).setMeterId(3)
                .setFlags(Set.of(OFMeterFlags.PKTPS)).setBands(List.of(F.meterBands().drop(10, 1))).build());
        controller.send(add(3, 31, 0, 20, inPort(2), FlowMods.output(3)));
        controller.send(addRaw(3, 32, FlowMods.message(OFFlowModCommand.DELETE_STRICT, 0, 10, 0, 0, inPort(1), List.of())));
        controller.send(add(3, 33, 0, 21, inPort(3), List.of(F.instructions().meter(3))));
        controller.send(add(3, 34, 0, 22, inPort(4), FlowMods.output(3)));
        controller.send(F.buildMeterMod().setXid(35).setCommand(OFMeterModCommand.DELETE).setMeterId(3)
                .setFlags(Set.of()).setBands(List.of()).build());
        controller.send(ctrl(3, OFBundleCtrlType.COMMIT_REQUEST, 36));
        assertError(33, 12, 2);  // the message that failed, with its xid
        assertError(36, 17, 13); // then the commit: MSG_FAILED
        controller.send(F.buildBarrierRequest().setXid(37).build());
        assertEquals(37, FakeController.loxi(controller.read()).getXid());
        assertEquals(1, sw.flowCount(), "the table as it was");
        assertEquals(1, sw.flows().size());
        assertEquals(10, sw.flows().get(0).priority(), "the deleted flow is back");
        assertEquals(List.of(1), notified);
    }

    @Test
    void packetOutsAreCheckedAgainstThePacketAndDropped() throws Exception {
        controller.accept(OF13_AND_14);
        byte[] ipv4 = frame(0x0800, 45);
        byte[] arp = frame(0x0806, 28);
        List<org.projectfloodlight.openflow.protocol.action.OFAction> setSource = List.of(
                F.actions().setField(F.oxms().ipv4Src(org.projectfloodlight.openflow.types.IPv4Address.of("10.0.0.1"))),
                F.actions().output(OFPort.of(1), 0));
        controller.send(F.buildPacketOut().setXid(50).setBufferId(org.projectfloodlight.openflow.types.OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER).setActions(setSource).setData(ipv4).build());
        controller.send(F.buildPacketOut().setXid(51).setBufferId(org.projectfloodlight.openflow.types.OFBufferId.NO_BUFFER)
                .setInPort(OFPort.CONTROLLER).setActions(setSource).setData(arp).build());
        assertError(51, 2, 10); // an IPv4 source on an ARP packet
        controller.send(F.buildBarrierRequest().setXid(52).build());
        assertEquals(52, FakeController.loxi(controller.read()).getXid(), "nothing for the good packet-out");
        assertEquals(1, sw.packetOutsReceived(), "one dropped");
        assertEquals(1, sw.errorsSent());
    }

    /** An Ethernet frame of the given type with {@code payload} bytes after the header (an IPv4 header's IHL 5). */
    private static byte[] frame(int ethType, int payload) {
        byte[] f = new byte[14 + payload];
        f[12] = (byte) (ethType >> 8);
        f[13] = (byte) ethType;
        f[14] = 0x45;
        f[23] = 17;
        return f;
    }

    @Test
    void largeDumpsAreSplitWithTheMoreFlagAndFlowsSurviveAReconnect() throws Exception {
        controller.accept(OF13_AND_14);
        int n = 3000;
        for (int i = 0; i < n; i++) {
            controller.send(FlowMods.message(OFFlowModCommand.ADD, i % 10, 100, i, 0, inPort(i + 1), FlowMods.output(2)));
        }
        assertEquals(n, dumpCount(40));

        controller.dropConnection();
        long t0 = System.nanoTime();
        controller.accept(OF13_AND_14);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "reconnected within a few seconds");
        assertEquals(2, sw.connectionCount());
        assertEquals(n, dumpCount(41), "Open vSwitch keeps its flows across a controller reconnect");
    }

    /** Dumps every flow; returns how many, checking that only the last reply lacks MORE. */
    private int dumpCount(long xid) throws Exception {
        controller.send(F.buildFlowStatsRequest().setXid(xid).setTableId(TableId.ALL).setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO).setMatch(F.matchWildcardAll()).build());
        int count = 0;
        List<Boolean> more = new ArrayList<>();
        while (more.isEmpty() || more.get(more.size() - 1)) {
            ByteBuf reply = controller.read();
            assertEquals(19, reply.getUnsignedByte(1));
            assertEquals(xid, reply.getUnsignedInt(4));
            more.add((reply.getUnsignedShort(10) & 1) != 0);
            for (int pos = 16; pos < reply.readableBytes(); pos += reply.getUnsignedShort(pos)) {
                count++;
            }
        }
        assertTrue(more.size() > 1, "a 3000-flow dump takes several replies: " + more);
        return count;
    }

    private void assertError(long xid, int type, int code) throws Exception {
        OFMessage m = FakeController.loxi(controller.read());
        OFErrorMsg error = assertInstanceOf(OFErrorMsg.class, m, () -> "expected an error for xid " + xid + ", got " + m);
        assertEquals(xid, error.getXid());
        ByteBuf raw = Unpooled.buffer();
        error.writeTo(raw);
        assertEquals(type + "/" + code, raw.getUnsignedShort(8) + "/" + raw.getUnsignedShort(10));
    }

    private static OFMessage ctrl(int bundle, OFBundleCtrlType type, long xid) {
        return F.buildBundleCtrlMsg().setXid(xid).setBundleId(BundleId.of(bundle)).setBundleCtrlType(type).setFlags(ATOMIC).build();
    }

    private static OFMessage add(int bundle, long xid, int table, int priority, Match match, List<OFInstruction> instructions) {
        return addRaw(bundle, xid, FlowMods.message(OFFlowModCommand.ADD, table, priority, 0, 0, match, instructions));
    }

    private static OFMessage addRaw(int bundle, long xid, OFMessage flowMod) {
        OFMessage inner = flowMod.createBuilder().setXid(xid).build();
        return F.buildBundleAddMsg().setXid(xid).setBundleId(BundleId.of(bundle)).setFlags(ATOMIC).setData(inner).build();
    }

    private static Match inPort(int port) {
        return F.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(port)).build();
    }
}
