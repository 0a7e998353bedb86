package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.Match;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFAsyncSet;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFBundleAddMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFBundleFlags;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowDeleteStrict;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.OFBadActionCode;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** The driver's protocol behaviour against a scripted switch (no Open vSwitch needed). */
class OpenFlowProtocolTest {
    static final long DPID = 0x4d75_0000_0000_00aaL;

    RecordingListener listener;
    OpenFlowServer server;

    @BeforeEach
    void start() throws Exception {
        listener = new RecordingListener();
        server = new OpenFlowServer(new InetSocketAddress("127.0.0.1", 0), listener,
                Duration.ofMillis(100), Duration.ofMillis(1000));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    OpenFlowSwitch connect(FakeSwitch fake) throws Exception {
        OpenFlowSwitch sw = listener.await("connected", DPID, 5000).sw();
        OFSetConfig config = fake.expect(OFSetConfig.class);
        assertEquals(0xffff, config.getMissSendLen());
        fake.expect(OFAsyncSet.class);   // the last handshake message (see PacketInReasonTest)
        return sw;
    }

    @Test
    void negotiatesOpenFlow14AndReportsTheDatapath() throws Exception {
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            OpenFlowSwitch sw = connect(fake);
            assertEquals(DPID, sw.datapathId());
            assertTrue(sw.isConnected());
            assertEquals(OFVersion.OF_14, ((SwitchConnection) sw).version());
        }
        OpenFlowSwitch gone = listener.await("disconnected", DPID, 5000).sw();
        assertFalse(gone.isConnected());
        assertThrows(ExecutionException.class, () -> gone.dumpFlows().get());
    }

    @Test
    void fallsBackToOpenFlow13() throws Exception {
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_13, DPID)) {
            assertEquals(OFVersion.OF_13, ((SwitchConnection) connect(fake)).version());
        }
    }

    @Test
    void answersEchoesSendsEchoesAndDropsASilentSwitch() throws Exception {
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            OpenFlowSwitch sw = connect(fake);
            fake.send(fake.f.buildEchoRequest().setXid(77).setData(new byte[] {1, 2}).build());
            OFEchoReply reply = fake.expect(OFEchoReply.class);
            assertEquals(77, reply.getXid());
            assertArrayEquals(new byte[] {1, 2}, reply.getData());
            fake.expect(OFEchoRequest.class); // the driver's own keep-alive

            // Alive while it answers; dropped (and requests failed) once it falls silent.
            Thread.sleep(1500);
            assertTrue(sw.isConnected());
            fake.answerEchoes(false);
            CompletableFuture<List<Flow>> dump = sw.dumpFlows();
            assertSame(sw, listener.await("disconnected", DPID, 5000).sw());
            ExecutionException e = assertThrows(ExecutionException.class, () -> dump.get(2, TimeUnit.SECONDS));
            assertInstanceOf(SwitchDisconnectedException.class, e.getCause());
        }
    }

    @Test
    void appliesChangesAsOneAtomicOrderedBundle() throws Exception {
        Flow keep = flow(0, 10, Match.builder().inPort(1).build(), Action.gotoTable(2));
        Flow gone = flow(20, 5, Match.builder().vlan(3).ethDst("fa:16:3e:00:00:09").build(), Action.popVlan(), Action.output(2));
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            OpenFlowSwitch sw = connect(fake);
            assertTrue(sw.apply(FlowChanges.NONE).isDone());
            CompletableFuture<Void> done = sw.apply(new FlowChanges(List.of(keep), List.of(gone)));

            OFBundleCtrlMsg open = fake.expect(OFBundleCtrlMsg.class);
            assertEquals(OFBundleCtrlType.OPEN_REQUEST, open.getBundleCtrlType());
            assertEquals(EnumSet.of(OFBundleFlags.ATOMIC, OFBundleFlags.ORDERED), open.getFlags());
            OFBundleAddMsg first = fake.expect(OFBundleAddMsg.class);
            OFBundleAddMsg second = fake.expect(OFBundleAddMsg.class);
            assertEquals(first.getXid(), first.getData().getXid());
            OFFlowDeleteStrict del = assertInstanceOf(OFFlowDeleteStrict.class, first.getData()); // deletes first
            assertEquals(5, del.getPriority());
            assertEquals(TableId.of(20), del.getTableId());
            OFFlowAdd add = assertInstanceOf(OFFlowAdd.class, second.getData());
            assertEquals(OFPort.of(1), add.getMatch().get(MatchField.IN_PORT));
            OFBundleCtrlMsg close = fake.expect(OFBundleCtrlMsg.class);
            assertEquals(OFBundleCtrlType.CLOSE_REQUEST, close.getBundleCtrlType());
            fake.send(reply(fake, open, OFBundleCtrlType.OPEN_REPLY));
            fake.send(reply(fake, close, OFBundleCtrlType.CLOSE_REPLY));
            OFBundleCtrlMsg commit = fake.expect(OFBundleCtrlMsg.class);
            assertEquals(OFBundleCtrlType.COMMIT_REQUEST, commit.getBundleCtrlType());
            assertFalse(done.isDone());
            fake.send(reply(fake, commit, OFBundleCtrlType.COMMIT_REPLY));
            done.get(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRejectedMessageDiscardsTheBundleAndNamesTheFlow() throws Exception {
        Flow good = flow(0, 10, Match.builder().inPort(1).build(), Action.gotoTable(2));
        Flow bad = flow(0, 11, Match.builder().inPort(2).build(), Action.output(0));
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            OpenFlowSwitch sw = connect(fake);
            CompletableFuture<Void> done = sw.apply(new FlowChanges(List.of(good, bad), List.of()));
            OFBundleCtrlMsg open = fake.expect(OFBundleCtrlMsg.class);
            fake.expect(OFBundleAddMsg.class);
            OFBundleAddMsg badAdd = fake.expect(OFBundleAddMsg.class);
            OFBundleCtrlMsg close = fake.expect(OFBundleCtrlMsg.class);
            fake.send(fake.f.errorMsgs().buildBadActionErrorMsg().setXid(badAdd.getXid())
                    .setCode(OFBadActionCode.BAD_OUT_PORT).setData(OFErrorCauseData.NONE).build());
            fake.send(reply(fake, close, OFBundleCtrlType.CLOSE_REPLY));
            OFBundleCtrlMsg discard = fake.expect(OFBundleCtrlMsg.class);
            assertEquals(OFBundleCtrlType.DISCARD_REQUEST, discard.getBundleCtrlType());
            assertEquals(open.getBundleId(), discard.getBundleId());
            fake.send(reply(fake, discard, OFBundleCtrlType.DISCARD_REPLY));
            ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(2, TimeUnit.SECONDS));
            OpenFlowErrorException err = assertInstanceOf(OpenFlowErrorException.class, e.getCause());
            assertEquals("BAD_ACTION", err.errorType());
            assertEquals("BAD_OUT_PORT", err.errorCode());
            assertTrue(err.getMessage().contains("priority=11,in_port=2 actions=output:0"), err.getMessage());
        }
    }

    @Test
    void aFlowThatCannotBeEncodedFailsBeforeAnythingIsSent() throws Exception {
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            OpenFlowSwitch sw = connect(fake);
            Flow bad = flow(0, 1, Match.ANY, ActionConverter.UNSUPPORTED);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> sw.apply(new FlowChanges(List.of(bad), List.of())).get(2, TimeUnit.SECONDS));
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
            // The next request is the first thing the switch sees after SET_ASYNC.
            sw.dumpFlows();
            assertInstanceOf(OFFlowStatsRequest.class, fake.nextIgnoringEchoes());
        }
    }

    @Test
    void aReplyTheDriverCannotParseFailsTheRequestInsteadOfHangingIt() throws Exception {
        Flow a = flow(0, 10, Match.builder().inPort(1).build(), Action.normal());
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            OpenFlowSwitch sw = connect(fake);
            CompletableFuture<Void> done = sw.apply(new FlowChanges(List.of(a), List.of()));
            fake.expect(OFBundleAddMsg.class);
            OFBundleCtrlMsg close = fake.expect(OFBundleCtrlMsg.class);
            ByteBuf garbled = Unpooled.buffer();
            reply(fake, close, OFBundleCtrlType.CLOSE_REPLY).writeTo(garbled);
            garbled.setShort(12, 0x7777); // no such bundle control type
            fake.sendRaw(garbled);
            OFBundleCtrlMsg discard = fake.expect(OFBundleCtrlMsg.class);
            assertEquals(OFBundleCtrlType.DISCARD_REQUEST, discard.getBundleCtrlType());
            fake.send(reply(fake, discard, OFBundleCtrlType.DISCARD_REPLY));
            ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(2, TimeUnit.SECONDS));
            assertEquals("UNPARSEABLE_REPLY", assertInstanceOf(OpenFlowErrorException.class, e.getCause()).errorType());
        }
    }

    @Test
    void openFlow13UsesFlowModsAndABarrier() throws Exception {
        Flow a = flow(0, 10, Match.builder().inPort(1).build(), Action.normal());
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_13, DPID)) {
            OpenFlowSwitch sw = connect(fake);
            CompletableFuture<Void> done = sw.apply(new FlowChanges(List.of(a), List.of(a)));
            assertInstanceOf(OFFlowDeleteStrict.class, fake.expect(OFFlowMod.class));
            assertInstanceOf(OFFlowAdd.class, fake.expect(OFFlowMod.class));
            OFBarrierRequest barrier = fake.expect(OFBarrierRequest.class);
            assertFalse(done.isDone());
            fake.send(fake.f.buildBarrierReply().setXid(barrier.getXid()).build());
            done.get(2, TimeUnit.SECONDS);
        }
    }

    @Test
    void dumpFlowsReassemblesMultipartReplies() throws Exception {
        List<Flow> all = EveryCase.all();
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            OpenFlowSwitch sw = connect(fake);
            CompletableFuture<List<Flow>> dump = sw.dumpFlows();
            OFFlowStatsRequest req = fake.expect(OFFlowStatsRequest.class);
            assertEquals(TableId.ALL, req.getTableId());
            int half = all.size() / 2;
            fake.sendRaw(FlowConversionTest.reply(fake.f, all.subList(0, half), req.getXid(), true));
            fake.sendRaw(FlowConversionTest.reply(fake.f, List.of(), 999, false)); // someone else's
            assertFalse(dump.isDone());
            fake.sendRaw(FlowConversionTest.reply(fake.f, all.subList(half, all.size()), req.getXid(), false));
            assertEquals(all, dump.get(2, TimeUnit.SECONDS));
        }
    }

    @Test
    void packetInsAndPacketOuts() throws Exception {
        byte[] frame = new byte[300];
        frame[0] = (byte) 0xff;
        frame[299] = 42;
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            OpenFlowSwitch sw = connect(fake);
            fake.send(fake.f.buildPacketIn().setXid(0).setBufferId(OFBufferId.NO_BUFFER).setTotalLen(300)
                    .setReason(OFPacketInReason.ACTION).setTableId(TableId.of(7)).setCookie(U64.of(0x4d75L << 48))
                    .setMatch(fake.f.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3))
                            .setExact(MatchField.TUNNEL_ID, U64.of(5)).build())
                    .setData(frame).build());
            PacketIn in = listener.await("packetIn", DPID, 2000).packetIn();
            assertEquals(3, in.inPort());
            assertEquals(7, in.tableId());
            assertEquals(0x4d75L << 48, in.cookie());
            assertArrayEquals(frame, in.data());

            sw.packetOut(OpenFlowPorts.CONTROLLER, List.of(Action.pushVlan(), Action.setVlanVid(5), Action.output(2)), frame);
            OFPacketOut out = fake.expect(OFPacketOut.class);
            assertEquals(OFPort.CONTROLLER, out.getInPort());
            assertEquals(OFBufferId.NO_BUFFER, out.getBufferId());
            assertEquals(3, out.getActions().size());
            assertArrayEquals(frame, out.getData());
        }
    }

    @Test
    void anUnparseablePacketInMatchStillDeliversThePacket() throws Exception {
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            connect(fake);
            // match: in_port=9 and an NXM field Loxi does not know; then 2 bytes pad and a 4-byte frame
            ByteBuf b = Unpooled.buffer();
            byte[] match = FlowConversionTest.hex("0001" + "0014" + "80000004" + "00000009" + "0001f004" + "00000001");
            int length = 24 + 24 + 2 + 4;
            b.writeByte(5).writeByte(10).writeShort(length).writeInt(0);
            b.writeInt(-1).writeShort(4).writeByte(1).writeByte(3).writeLong(99);
            b.writeBytes(match).writeZero(4).writeZero(2).writeBytes(new byte[] {1, 2, 3, 4});
            fake.sendRaw(b);
            PacketIn in = listener.await("packetIn", DPID, 2000).packetIn();
            assertEquals(9, in.inPort());
            assertEquals(3, in.tableId());
            assertEquals(99, in.cookie());
            assertArrayEquals(new byte[] {1, 2, 3, 4}, in.data());
        }
    }

    @Test
    void aReconnectingDatapathReplacesItsOldConnection() throws Exception {
        try (FakeSwitch first = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            OpenFlowSwitch old = connect(first);
            try (FakeSwitch second = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
                assertSame(old, listener.await("disconnected", DPID, 3000).sw());
                OpenFlowSwitch now = listener.await("connected", DPID, 3000).sw();
                assertTrue(now.isConnected());
                assertFalse(old.isConnected());
            }
        }
    }

    static OFBundleCtrlMsg reply(FakeSwitch fake, OFBundleCtrlMsg req, OFBundleCtrlType type) {
        return fake.f.buildBundleCtrlMsg().setXid(req.getXid()).setBundleId(req.getBundleId())
                .setBundleCtrlType(type).setFlags(req.getFlags()).build();
    }

    static Flow flow(int table, int priority, Match m, Action... actions) {
        return new Flow(table, priority, 0x4d75L << 48, m, List.of(actions));
    }
}
