package dev.muon.pipeline.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Field;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ofproto/trace's flow syntax in and out, by the field catalogue's names. */
class TracePacketTest {

    private static BigInteger big(long v) {
        return BigInteger.valueOf(v);
    }

    @Test
    void icmpTypeOfAnIpv4PacketIsIcmpsNotIcmpv6s() {
        TracePacket echo = TracePacket.parse("icmp,icmp_type=8,icmp_code=0,nw_src=10.0.0.8,nw_dst=10.0.0.4");
        assertEquals(big(8), echo.value(Field.ICMPV4_TYPE));
        assertEquals(big(0), echo.value(Field.ICMPV4_CODE));
        assertNull(echo.value(Field.ICMPV6_TYPE));
        assertNull(echo.get("icmpv6_type"));
        // written before the protocol, it still is ICMP's
        TracePacket before = TracePacket.parse("icmp_type=8,nw_src=10.0.0.8,icmp");
        assertEquals(big(8), before.value(Field.ICMPV4_TYPE));
        assertNull(before.value(Field.ICMPV6_TYPE));
    }

    @Test
    void icmpTypeOfAnIpv6PacketIsIcmpv6sWhereverTheProtocolIsWritten() {
        assertEquals(big(136), TracePacket.parse("icmp6,icmp_type=136").value(Field.ICMPV6_TYPE));
        TracePacket after = TracePacket.parse("icmp_type=0x88,icmp_code=0,icmp6");
        assertEquals(big(136), after.value(Field.ICMPV6_TYPE));
        assertEquals(big(0), after.value(Field.ICMPV6_CODE));
        assertNull(after.value(Field.ICMPV4_TYPE));
        assertEquals("136", after.get("icmp_type"), "icmp_type reads as the packet's own ICMP");
        assertEquals("136", after.get("icmpv6_type"));
    }

    @Test
    void tpSrcIsTcpsOrUdpsByTheProtocol() {
        TracePacket udp = TracePacket.parse("tp_src=0x44,tp_dst=67,udp");
        assertEquals(big(68), udp.value(Field.UDP_SRC));
        assertEquals(big(67), udp.value(Field.UDP_DST));
        assertNull(udp.value(Field.TCP_SRC));
        TracePacket tcp = TracePacket.parse("tcp6,tp_dst=22");
        assertEquals(big(22), tcp.value(Field.TCP_DST));
        assertEquals(big(Field.ETH_TYPE_IPV6), tcp.value(Field.ETH_TYPE));
        assertNull(tcp.value(Field.UDP_DST));
        assertThrows(IllegalArgumentException.class, () -> TracePacket.parse("icmp,tp_dst=22"));
        // by nw_proto as well as by shorthand
        assertEquals(big(53), TracePacket.parse("dl_type=0x0800,nw_proto=17,tp_dst=53").value(Field.UDP_DST));
    }

    @Test
    void setFieldAndNxmNamesAreAliases() {
        TracePacket p = TracePacket.parse("eth_src=FA:16:3E:00:00:01,eth_dst=fa:16:3e:00:00:02,eth_type=0x0800,"
                + "ip_src=10.0.0.1,ipv4_dst=10.0.0.2,ip_proto=6,tcp_dst=443,NXM_NX_REG5=0x7,reg6=3,tun_id=0x42");
        assertEquals(TracePacket.bits(Field.ETH_SRC, "fa:16:3e:00:00:01"), p.value(Field.ETH_SRC));
        assertEquals("fa:16:3e:00:00:01", p.get("dl_src"));
        assertEquals("10.0.0.1", p.get("nw_src"));
        assertEquals("10.0.0.2", p.get("ip_dst"));
        assertEquals(big(443), p.value(Field.TCP_DST));
        assertEquals(big(7), p.value(Field.REG5));
        assertEquals(big(3), p.value(Field.REG6));
        assertEquals(big(0x42), p.value(Field.TUN_ID));
    }

    @Test
    void registersConntrackAndTheVlanStartAtZeroOtherHeadersAreAbsent() {
        TracePacket p = TracePacket.parse("in_port=3,dl_src=fa:16:3e:00:00:01");
        for (int r = 0; r < 8; r++) {
            assertEquals(BigInteger.ZERO, p.value(Field.register(r)));
        }
        assertEquals(BigInteger.ZERO, p.value(Field.CT_STATE));
        assertEquals(BigInteger.ZERO, p.value(Field.CT_ZONE));
        assertEquals(BigInteger.ZERO, p.value(Field.TUN_ID));
        assertFalse(p.tagged(), "no dl_vlan: untagged");
        assertNull(p.vlan());
        assertNull(p.value(Field.ETH_DST));
        assertNull(p.value(Field.IPV4_DST));
        TracePacket tagged = TracePacket.parse("in_port=1,dl_vlan=5");
        assertEquals(Integer.valueOf(5), tagged.vlan());
        assertEquals(big(0x1005), tagged.value(Field.VLAN_VID));
        assertEquals(big(0x1005), TracePacket.parse("vlan_tci=0x1005").value(Field.VLAN_VID));
    }

    @Test
    void printsInOvsOfctlOrderWithTheShorthandAfterTheConntrackFields() {
        TracePacket p = TracePacket.parse("arp_op=2,nw_ttl=0,arp_tpa=10.0.0.8,dl_dst=fa:16:3e:00:00:02,in_port=2,arp,"
                + "reg5=0x3,dl_vlan=7,ct_state=trk|est,arp_spa=10.0.0.4");
        assertEquals("ct_state=+est+trk,arp,reg5=0x3,in_port=2,dl_vlan=7,dl_dst=fa:16:3e:00:00:02,arp_spa=10.0.0.4,"
                + "arp_tpa=10.0.0.8,arp_op=2", p.toString());
        assertEquals("udp,in_port=1,nw_src=0.0.0.0,nw_dst=255.255.255.255,tp_src=68,tp_dst=67",
                TracePacket.parse("in_port=1,udp,nw_dst=255.255.255.255,nw_src=0.0.0.0,tp_dst=67,tp_src=68").toString());
        assertEquals("ipv6,in_port=tap1", TracePacket.parse("in_port=tap1,dl_type=0x86dd").toString());
        assertEquals("ip,nw_proto=47", TracePacket.parse("ip,nw_proto=47").toString());
    }

    @Test
    void ctNextAndPacketLengthAreTraceOptionsBeforeOrAfterTheFlow() {
        TracePacket p = TracePacket.parse("--ct-next 'trk,est' in_port=1,icmp --ct-next=+trk+rel --packet-len 1500");
        assertEquals(List.of(0x22, 0x24), p.ctNext());
        assertEquals(1500, p.packetLength());
        assertEquals("icmp,in_port=1", p.toString());
        assertEquals(List.of(0x30), TracePacket.parse("in_port=1 --ct-next trk|inv").ctNext());
        assertTrue(TracePacket.parse("in_port=1").ctNext().isEmpty());
        assertEquals(List.of(0x21), TracePacket.parse("in_port=1").withCtNext("new,trk").ctNext());
        assertThrows(IllegalArgumentException.class, () -> TracePacket.parse("in_port=1 --ct-next trk,bogus"));
        assertThrows(IllegalArgumentException.class, () -> TracePacket.parse("in_port=1 --frobnicate 3"));
    }

    @Test
    void everyConntrackFlagOfOpenVswitchIsAcceptedInEachSpelling() {
        // new est rel rpl inv trk snat dnat are bits 0..7, as in OVS
        assertEquals(List.of(0xff), TracePacket.parse("in_port=1 --ct-next new,est,rel,rpl,inv,trk,snat,dnat").ctNext());
        assertEquals(List.of(0xa8), TracePacket.parse("in_port=1 --ct-next trk|rpl|dnat").ctNext());
        assertEquals(List.of(0x62), TracePacket.parse("in_port=1 --ct-next +trk+est-new+snat-inv").ctNext());
        assertEquals(List.of(0x21), TracePacket.parse("in_port=1 --ct-next 0x21").ctNext());
        assertThrows(IllegalArgumentException.class, () -> TracePacket.parse("in_port=1 --ct-next 0x100"));
        assertEquals(big(0x8a), TracePacket.parse("in_port=1,ct_state=est|rpl|dnat").value(Field.CT_STATE));
        assertEquals("ct_state=+est+rpl+trk+snat", TracePacket.parse("ct_state=trk|snat|est|rpl").toString());
    }

    @Test
    void ctMarkIsATraceOptionInHexOrDecimal() {
        assertEquals(1L, TracePacket.parse("--ct-mark 0x1 in_port=1,ip").ctMark());
        assertEquals(0xffffffffL, TracePacket.parse("in_port=1,ip --ct-mark=4294967295").ctMark());
        assertNull(TracePacket.parse("in_port=1,ip").ctMark());
        assertEquals(7L, TracePacket.parse("in_port=1").withCtMark(7).ctMark());
        assertEquals(7L, TracePacket.parse("in_port=1").withCtMark(7).copy().ctMark());
        assertEquals("ip,in_port=1", TracePacket.parse("in_port=1,ip --ct-mark 0x2").toString(),
                "the option is the connection's, not a field of the packet");
        assertThrows(IllegalArgumentException.class, () -> TracePacket.parse("in_port=1 --ct-mark 0x100000000"));
        assertThrows(IllegalArgumentException.class, () -> TracePacket.parse("in_port=1 --ct-mark one"));
        // in the flow text it is the packet's own ct_mark, as ofproto/trace reads it
        assertEquals(big(3), TracePacket.parse("in_port=1,ct_mark=0x3").value(Field.CT_MARK));
    }

    @Test
    void unknownFieldsAndMasksAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TracePacket.parse("in_port=1,dl_srcc=fa:16:3e:00:00:01"));
        assertThrows(IllegalArgumentException.class, () -> TracePacket.parse("in_port=1,ip,nw_dst=10.0.0.0/24"));
        assertThrows(IllegalArgumentException.class, () -> TracePacket.parse("in_port=1,frob"));
        assertThrows(IllegalArgumentException.class, () -> TracePacket.parse("in_port=1,in_port=2"));
    }

    @Test
    void aPortNameStaysANameUntilTheTracerResolvesIt() {
        TracePacket p = TracePacket.parse("in_port=qvo28e6e267-f3,udp");
        assertEquals("qvo28e6e267-f3", p.get("in_port"));
        assertNull(p.value(Field.IN_PORT));
        p.set(Field.IN_PORT, big(4));
        assertEquals("4", p.get("in_port"));
        assertNull(p.inPortName());
    }

    @Test
    void aCopyIsIndependent() {
        TracePacket p = TracePacket.parse("in_port=1,ip,nw_ttl=64 --ct-next trk,est");
        TracePacket c = p.copy();
        c.set(Field.NW_TTL, big(63));
        c.set(Field.REG0, big(1));
        assertEquals(big(64), p.value(Field.NW_TTL));
        assertEquals(BigInteger.ZERO, p.value(Field.REG0));
        assertEquals(p.ctNext(), c.ctNext());
    }
}
