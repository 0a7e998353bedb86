package dev.muon.simulator.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Matches decoded from wire bytes written by hand, as Open vSwitch normalises and checks them. */
class FlowMatchTest {
    private static final String OXM_ETH_IP = "80000a020800";
    private static final String NXM_ETH_IP = "000006020800";

    /** An ofp_match holding the given OXM entries (hex). */
    private static FlowMatch match(String... oxms) {
        String entries = String.join("", oxms);
        int length = 4 + entries.length() / 2;
        ByteBuf b = Unpooled.buffer();
        b.writeShort(1).writeShort(length).writeBytes(HexFormat.of().parseHex(entries));
        b.writeZero((length + 7) / 8 * 8 - length);
        return FlowMatch.parse(b, 0, b.writerIndex());
    }

    @Test
    void equalMeaningsAreEqualBytes() {
        FlowMatch oxm = match(OXM_ETH_IP, "80001908" + "0a000000" + "ffffff00");
        // the Nicira eth_type
        FlowMatch nxm = match(NXM_ETH_IP, "80001908" + "0a000000" + "ffffff00");
        assertEquals(oxm, nxm);
        assertSame(oxm, nxm, "interned");
        // an all-ones mask is an exact match; an all-zero mask is no match on the field
        assertEquals(match(OXM_ETH_IP, "80001804" + "0a000005"), match(OXM_ETH_IP, "80001908" + "0a000005" + "ffffffff"));
        assertEquals(match(OXM_ETH_IP), match(OXM_ETH_IP, "80001908" + "00000000" + "00000000"));
        // NXM_OF_IN_PORT's 16-bit LOCAL is OXM_OF_IN_PORT's 32-bit one
        assertEquals(match("80000004fffffffe"), match("00000002fffe"));
        assertNotEquals(match("8000000400000001"), match("8000000400000002"));
    }

    @Test
    void coversIsAtLeastAsSpecific() {
        FlowMatch net8 = match(OXM_ETH_IP, "80001908" + "0a000000" + "ff000000");
        FlowMatch net16 = match(OXM_ETH_IP, "80001908" + "0a010000" + "ffff0000");
        FlowMatch host = match(OXM_ETH_IP, "80001804" + "0a010203");
        FlowMatch other = match(OXM_ETH_IP, "80001804" + "0b010203");
        assertTrue(net8.covers(net16));
        assertTrue(net8.covers(host));
        assertTrue(net16.covers(host));
        assertFalse(host.covers(net16));
        assertFalse(net8.covers(other));
        assertFalse(net8.covers(match(OXM_ETH_IP)), "a flow without the field is less specific");
        assertTrue(FlowMatch.ANY.covers(host));
    }

    @Test
    void refusedLikeOpenVSwitch() {
        assertCode(9, () -> match("80001804" + "0a000001"));                       // ipv4_dst without eth_type
        assertCode(9, () -> match(OXM_ETH_IP, "80001c02" + "0050"));               // tcp_dst without ip_proto
        assertCode(10, () -> match(OXM_ETH_IP, OXM_ETH_IP));                       // twice
        assertCode(6, () -> match("7fff0004" + "00000001"));                       // unknown
        assertCode(8, () -> match("80000108" + "00000001" + "ffffffff"));          // masked in_port
        assertCode(7, () -> match("80000c02" + "2000"));                           // vlan_vid beyond 13 bits
        assertCode(5, () -> match(OXM_ETH_IP, "80001908" + "0a00004d" + "ffffff00")); // value bits the mask leaves out
    }

    private static void assertCode(int code, org.junit.jupiter.api.function.Executable e) {
        OfError error = assertThrows(OfError.class, e);
        assertEquals(OfError.BAD_MATCH + "/" + code, error.type + "/" + error.code, error.getMessage());
    }
}
