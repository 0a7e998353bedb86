package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Action;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On a real ovs-vswitchd: after the driver's SET_ASYNC, a {@code dec_ttl} on a TTL-1 packet
 * reaches the controller as a packet-in with reason INVALID_TTL from the table that
 * decremented (Open vSwitch's default drops it silently: without SET_ASYNC this test gets
 * no packet-in), and a controller action still arrives, on 1.4 and on a 1.3-only bridge.
 */
@Tag("integration")
class InvalidTtlPacketInIT {
    static DriverNode lab;
    static RecordingListener listener;
    static OpenFlowServer server;
    static OvsNode node;

    @BeforeAll
    static void startNode() throws Exception {
        lab = DriverNode.start();
        listener = lab.listener;
        server = lab.server;
        node = lab.node;
    }

    @AfterAll
    static void stopNode() {
        if (lab != null) {
            lab.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"OpenFlow13,OpenFlow14", "OpenFlow13"})
    void decTtlAtTtlOneIsAnInvalidTtlPacketIn(String protocols) throws Exception {
        String br = protocols.contains("14") ? "br-t4" : "br-t3";
        long dpid = protocols.contains("14") ? 0x00004d7500000014L : 0x00004d7500000013L;
        OpenFlowSwitch sw = lab.bridge(br, dpid, protocols);
        node.ofctl("-O", "OpenFlow13", "add-flow", br, "table=0,priority=10,ip actions=goto_table:77");
        node.ofctl("-O", "OpenFlow13", "add-flow", br, "table=77,priority=10,cookie=0x4d75,ip actions=dec_ttl,CONTROLLER:65535");

        // TTL 1 through the flow table from the controller's own packet-out...
        byte[] ttl1 = icmpEcho(1);
        sw.packetOut(OpenFlowPorts.LOCAL, List.of(Action.output(OpenFlowPorts.TABLE)), ttl1);
        PacketIn in = listener.await("packetIn", dpid, 10_000).packetIn();
        assertEquals(PacketIn.Reason.INVALID_TTL, in.reason());
        assertEquals(77, in.tableId());
        assertEquals(0x4d75, in.cookie());
        assertEquals(OpenFlowPorts.LOCAL, in.inPort());
        assertArrayEquals(ttl1, in.data(), "the frame as it was, TTL 1");

        // ...and from someone else's (ovs-ofctl on the management socket).
        node.ofctl("-O", "OpenFlow13", "packet-out", br, "in_port=LOCAL packet=" + ByteBufUtil.hexDump(ttl1) + " actions=table");
        assertEquals(PacketIn.Reason.INVALID_TTL, listener.await("packetIn", dpid, 10_000).packetIn().reason());

        // A TTL that survives reaches the controller by the flow's controller action, decremented;
        // 1.4 names a packet-out's reason apart, 1.3 reads it as action (the mask let it through).
        sw.packetOut(OpenFlowPorts.LOCAL, List.of(Action.output(OpenFlowPorts.TABLE)), icmpEcho(64));
        in = listener.await("packetIn", dpid, 10_000).packetIn();
        assertEquals(protocols.contains("14") ? PacketIn.Reason.PACKET_OUT : PacketIn.Reason.ACTION, in.reason());
        assertTrue(in.reason().byAction());
        assertEquals(77, in.tableId());
        assertEquals(63, in.data()[14 + 8] & 0xff);
        node.vsctl("del-br", br);
    }

    /** An ICMP echo request 10.0.0.5 → 10.1.0.5 with the given TTL and a valid IP checksum. */
    static byte[] icmpEcho(int ttl) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8);
        b.put(new byte[] {(byte) 0xfa, 0x16, 0x3e, 0, 0, 1}).put(new byte[] {(byte) 0xfa, 0x16, 0x3e, 0, 0, 5})
                .putShort((short) 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) 28).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) ttl).put((byte) 1).putShort((short) 0).putInt(0x0a000005).putInt(0x0a010005);
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += b.getShort(i) & 0xffff;
        }
        sum = (sum & 0xffff) + (sum >> 16);
        b.putShort(24, (short) ~sum);
        b.put((byte) 8).put((byte) 0).putShort((short) ~0x0802).putShort((short) 1).putShort((short) 1);
        return b.array();
    }
}
