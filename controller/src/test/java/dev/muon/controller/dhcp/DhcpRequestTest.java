package dev.muon.controller.dhcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.onlab.packet.MacAddress;

/** The request parser reads udhcpc's real frames, and refuses every truncation of them instead of throwing. */
class DhcpRequestTest {

    @Test
    void readsUdhcpcsDiscoverAndRequest() {
        DhcpRequest discover = DhcpRequest.parse(ClientFrames.UDHCPC_DISCOVER).orElseThrow();
        assertEquals(1, discover.op());
        assertEquals(1, discover.type(), "DHCPDISCOVER");
        assertEquals(ClientFrames.XID, discover.xid());
        assertArrayEquals(MacAddress.valueOf(DhcpWorld.MAC).toBytes(), discover.chaddr());
        assertEquals(0, discover.ciaddr());

        DhcpRequest request = DhcpRequest.parse(ClientFrames.UDHCPC_REQUEST).orElseThrow();
        assertEquals(3, request.type(), "DHCPREQUEST");
        assertEquals(0x0a00000a, request.requested(), "option 50: 10.0.0.10");
        assertEquals(0x0a000001, request.serverId(), "option 54: 10.0.0.1");
    }

    @Test
    void everyTruncationIsRefusedOrReadsWhatIsThere() {
        byte[] frame = ClientFrames.UDHCPC_REQUEST;
        for (int n = 0; n < frame.length; n++) {
            byte[] cut = Arrays.copyOf(frame, n);
            DhcpRequest.parse(cut);   // never throws
        }
        assertTrue(DhcpRequest.parse(Arrays.copyOf(frame, 14 + 20 + 8 + 100)).isEmpty());
    }

    @Test
    void otherUdpIsNotDhcp() {
        byte[] frame = ClientFrames.UDHCPC_DISCOVER.clone();
        frame[14 + 20 + 3] = 53;   // UDP destination port 53
        assertTrue(DhcpRequest.parse(frame).isEmpty());
    }

    @Test
    void aHeaderLengthBelowTwentyBytesIsRefused() {
        byte[] frame = ClientFrames.UDHCPC_DISCOVER.clone();
        assertTrue(DhcpRequest.parse(frame).isPresent());
        frame[14] = 0x44;   // IPv4, IHL 4: 16 bytes, shorter than any IPv4 header
        assertTrue(DhcpRequest.parse(frame).isEmpty());
    }
}
