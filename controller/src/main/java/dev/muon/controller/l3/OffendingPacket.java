package dev.muon.controller.l3;

import java.util.Arrays;
import java.util.Optional;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;

/**
 * The IPv4 packet an ICMP error is about, read straight from the frame's bytes: the error
 * quotes them, so they are kept as they came rather than re-serialized.
 *
 * @param ethSrc   the frame's source MAC
 * @param ethDst   the frame's destination MAC
 * @param frame    the whole frame
 * @param ipOffset where its IPv4 header starts
 */
record OffendingPacket(MacAddress ethSrc, MacAddress ethDst, byte[] frame, int ipOffset) {
    private static final int ETH_TYPE_VLAN = 0x8100;
    private static final int IP_PROTO_ICMP = 1;
    private static final int DF = 0x4000;
    private static final int MF = 0x2000;
    private static final int OFFSET_MASK = 0x1fff;

    /** The IPv4 packet of an Ethernet frame (VLAN-tagged or not), or empty if it is none or is cut short. */
    static Optional<OffendingPacket> parse(byte[] frame) {
        if (frame.length < 14) {
            return Optional.empty();
        }
        int type = u16(frame, 12);
        int at = 14;
        if (type == ETH_TYPE_VLAN && frame.length >= 18) {
            type = u16(frame, 16);
            at = 18;
        }
        if (type != Ethernet.TYPE_IPV4 || frame.length < at + 20 || (frame[at] & 0xf0) != 0x40) {
            return Optional.empty();
        }
        int headerLength = (frame[at] & 0x0f) * 4;
        if (headerLength < 20 || frame.length < at + headerLength) {
            return Optional.empty();
        }
        return Optional.of(new OffendingPacket(MacAddress.valueOf(Arrays.copyOfRange(frame, 6, 12)),
                MacAddress.valueOf(Arrays.copyOfRange(frame, 0, 6)), frame, at));
    }

    int headerLength() {
        return (frame[ipOffset] & 0x0f) * 4;
    }

    int ttl() {
        return frame[ipOffset + 8] & 0xff;
    }

    Ip4Address src() {
        return Ip4Address.valueOf(Arrays.copyOfRange(frame, ipOffset + 12, ipOffset + 16));
    }

    Ip4Address dst() {
        return Ip4Address.valueOf(Arrays.copyOfRange(frame, ipOffset + 16, ipOffset + 20));
    }

    boolean dontFragment() {
        return (u16(frame, ipOffset + 6) & DF) != 0;
    }

    boolean firstFragment() {
        return (u16(frame, ipOffset + 6) & OFFSET_MASK) == 0;
    }

    /**
     * Whether it is itself an ICMP error (RFC 1812 4.3.2.7: never answered with another):
     * any ICMP message other than the queries (echo, timestamp, information, address mask),
     * so an unknown type counts as an error too.
     */
    boolean isIcmpError() {
        if ((frame[ipOffset + 9] & 0xff) != IP_PROTO_ICMP) {
            return false;
        }
        int at = ipOffset + headerLength();
        if (at >= frame.length) {
            return true;   // cannot tell: be safe
        }
        int type = frame[at] & 0xff;
        return !(type == 0 || type == 8 || type == 13 || type == 14 || type == 15 || type == 16 || type == 17
                || type == 18);
    }

    /**
     * What an ICMP error quotes: the IP header and as much of the payload as fits in
     * {@code maxBytes} (RFC 1812 4.3.2.3: as much as possible within 576 bytes; RFC 792's 8
     * bytes at least), never beyond the packet's total length. {@code ttlBack} is added to the
     * TTL (and the header checksum redone) to quote a routed packet as it arrived.
     */
    byte[] quote(int maxBytes, int ttlBack) {
        int available = frame.length - ipOffset;
        int length = Math.min(Math.min(Math.max(u16(frame, ipOffset + 2), headerLength()), available), maxBytes);
        byte[] q = Arrays.copyOfRange(frame, ipOffset, ipOffset + length);
        if (ttlBack != 0) {
            q[8] = (byte) Math.min(255, ttl() + ttlBack);
            q[10] = 0;
            q[11] = 0;
            int sum = checksum(q, headerLength());
            q[10] = (byte) (sum >> 8);
            q[11] = (byte) sum;
        }
        return q;
    }

    /** The Internet checksum (RFC 1071) of the first {@code length} bytes. */
    static int checksum(byte[] b, int length) {
        int sum = 0;
        for (int i = 0; i + 1 < length; i += 2) {
            sum += u16(b, i);
        }
        if (length % 2 == 1) {
            sum += (b[length - 1] & 0xff) << 8;
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return ~sum & 0xffff;
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
    }
}
