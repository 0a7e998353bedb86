package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFAsyncSet;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * Packet-in reasons: the driver asks for invalid-TTL packet-ins in the handshake (SET_ASYNC,
 * checked byte for byte as OpenFlow lays it out) and reads each packet-in's reason.
 */
class PacketInReasonTest {
    static final long DPID = 0x4d75_0000_0000_00bbL;

    RecordingListener listener;
    OpenFlowServer server;

    @BeforeEach
    void start() throws Exception {
        listener = new RecordingListener();
        server = new OpenFlowServer(new InetSocketAddress("127.0.0.1", 0), listener,
                Duration.ofSeconds(5), Duration.ofSeconds(10));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void openFlow14HandshakeAsksForInvalidTtlWithTheMasterPacketInPropertyOnly() throws Exception {
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            listener.await("connected", DPID, 5000);
            OFAsyncSet set = fake.expect(OFAsyncSet.class);
            // header (type 28 SET_ASYNC), then one property: type 1 PACKET_IN_MASTER, length 8, mask 0x3f
            assertEquals("051c0010" + xid(set) + "00010008" + "0000003f", wire(set));
        }
    }

    @Test
    void openFlow13HandshakeSetsEveryMaskToOpenVSwitchsDefaultPlusInvalidTtl() throws Exception {
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_13, DPID)) {
            listener.await("connected", DPID, 5000);
            OFAsyncSet set = fake.expect(OFAsyncSet.class);
            // packet_in_mask[master, slave], port_status_mask[...], flow_removed_mask[...]
            assertEquals("041c0020" + xid(set) + "00000007" + "00000000" + "00000007" + "00000007" + "0000000f"
                    + "00000000", wire(set));
        }
    }

    @Test
    void theReasonIsReadFromItsByte() throws Exception {
        for (int wire = 0; wire <= 6; wire++) {
            PacketIn in = parse(packetIn(4, wire, 77, 0x4d75L, new byte[] {1, 2, 3}));
            assertEquals(PacketIn.Reason.ofWire(wire), in.reason());
            assertEquals(77, in.tableId());
            assertEquals(7, in.inPort());
            assertEquals(0x4d75L, in.cookie());
            assertArrayEquals(new byte[] {1, 2, 3}, in.data());
        }
        assertEquals(PacketIn.Reason.NO_MATCH, parse(packetIn(5, 0, 0, 0, new byte[0])).reason());
        assertEquals(PacketIn.Reason.ACTION, parse(packetIn(5, 1, 0, 0, new byte[0])).reason());
        assertEquals(PacketIn.Reason.INVALID_TTL, parse(packetIn(4, 2, 0, 0, new byte[0])).reason());
        assertEquals(PacketIn.Reason.PACKET_OUT, parse(packetIn(5, 5, 0, 0, new byte[0])).reason());
        assertEquals(PacketIn.Reason.OTHER, parse(packetIn(5, 6, 0, 0, new byte[0])).reason());
    }

    /** A packet-in as a switch writes it: match in_port=7, then 2 bytes pad and the frame. */
    static ByteBuf packetIn(int version, int reason, int table, long cookie, byte[] frame) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(version).writeByte(PacketInParser.PACKET_IN).writeShort(24 + 16 + 2 + frame.length).writeInt(9);
        b.writeInt(-1).writeShort(frame.length).writeByte(reason).writeByte(table).writeLong(cookie);
        b.writeShort(1).writeShort(12).writeInt(0x80000004).writeInt(7).writeZero(4);
        return b.writeZero(2).writeBytes(frame);
    }

    private static PacketIn parse(ByteBuf b) {
        return PacketInParser.parse(b);
    }

    private static String wire(OFAsyncSet set) {
        ByteBuf b = Unpooled.buffer();
        set.writeTo(b);
        return ByteBufUtil.hexDump(b);
    }

    private static String xid(OFAsyncSet set) {
        return String.format("%08x", set.getXid());
    }
}
