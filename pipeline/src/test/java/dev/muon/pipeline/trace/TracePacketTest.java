package dev.muon.pipeline.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** ovs-ofctl writes icmp_type for ICMP and ICMPv6 alike: the packet's family says which it is. */
class TracePacketTest {

    @Test
    void icmpTypeOfAnIpv4PacketIsIcmpsNotIcmpv6s() {
        TracePacket echo = TracePacket.parse("icmp,icmp_type=8,nw_src=10.0.0.8,nw_dst=10.0.0.4");
        assertEquals("8", echo.get("icmp_type"));
        assertNull(echo.get("icmpv6_type"));
    }

    @Test
    void icmpTypeOfAnIpv6PacketIsIcmpv6sWhereverTheProtocolIsWritten() {
        assertEquals("136", TracePacket.parse("icmp6,icmp_type=136").get("icmpv6_type"));
        TracePacket after = TracePacket.parse("icmp_type=0x88,icmp6");
        assertEquals("136", after.get("icmpv6_type"));
        assertNull(after.get("icmp_type"));
    }
}
