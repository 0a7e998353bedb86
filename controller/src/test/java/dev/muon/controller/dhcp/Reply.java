package dev.muon.controller.dhcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.onlab.packet.DHCP;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.UDP;
import org.onlab.packet.dhcp.DhcpOption;

/**
 * A reply frame taken apart for assertions. Checksums are verified here from the raw
 * bytes (RFC 1071), not by the library that built the frame.
 */
final class Reply {
    final byte[] bytes;
    final Ethernet eth;
    final IPv4 ip;
    final UDP udp;
    final DHCP dhcp;
    /** Option code → value, repeated codes concatenated (RFC 3396), in wire order. */
    final Map<Integer, byte[]> options = new LinkedHashMap<>();

    Reply(byte[] frame) throws DeserializationException {
        bytes = frame;
        eth = Ethernet.deserializer().deserialize(frame, 0, frame.length);
        ip = (IPv4) eth.getPayload();
        udp = (UDP) ip.getPayload();
        dhcp = (DHCP) udp.getPayload();
        for (DhcpOption o : dhcp.getOptions()) {
            int code = o.getCode() & 0xff;
            if (code != 255 && code != 0) {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(options.getOrDefault(code, new byte[0]));
                b.writeBytes(o.getData());
                options.put(code, b.toByteArray());
            }
        }
        verifyChecksums();
    }

    DHCP.MsgType type() {
        return DHCP.MsgType.getType(options.get(53)[0]);
    }

    String ipOption(int code) {
        return Ip4Address.valueOf(options.get(code)).toString();
    }

    String textOption(int code) {
        return new String(options.get(code), StandardCharsets.US_ASCII);
    }

    long u32Option(int code) {
        return ByteBuffer.wrap(options.get(code)).getInt() & 0xffff_ffffL;
    }

    int u16Option(int code) {
        return ByteBuffer.wrap(options.get(code)).getShort() & 0xffff;
    }

    String ipSrc() {
        return Ip4Address.valueOf(ip.getSourceAddress()).toString();
    }

    String ipDst() {
        return Ip4Address.valueOf(ip.getDestinationAddress()).toString();
    }

    String yiaddr() {
        return Ip4Address.valueOf(dhcp.getYourIPAddress()).toString();
    }

    String ciaddr() {
        return Ip4Address.valueOf(dhcp.getClientIPAddress()).toString();
    }

    private void verifyChecksums() {
        int ipStart = 14;
        int ihl = (bytes[ipStart] & 0x0f) * 4;
        assertEquals(0, fold(sum(bytes, ipStart, ihl, 0)), "IPv4 header checksum");
        int udpStart = ipStart + ihl;
        int udpLength = ((bytes[udpStart + 4] & 0xff) << 8) | (bytes[udpStart + 5] & 0xff);
        assertEquals(bytes.length - udpStart, udpLength, "UDP length");
        long pseudo = sum(bytes, ipStart + 12, 8, 0) + 17 + udpLength;
        assertEquals(0, fold(sum(bytes, udpStart, udpLength, pseudo)), "UDP checksum");
    }

    private static long sum(byte[] b, int from, int length, long acc) {
        for (int i = 0; i < length; i += 2) {
            int hi = b[from + i] & 0xff;
            int lo = i + 1 < length ? b[from + i + 1] & 0xff : 0;
            acc += (hi << 8) | lo;
        }
        return acc;
    }

    private static int fold(long sum) {
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }
}
