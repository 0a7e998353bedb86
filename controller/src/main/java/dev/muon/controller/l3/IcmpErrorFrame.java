package dev.muon.controller.l3;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;

/** Builds a router's ICMP error frame about an offending packet, and says when none may be sent. */
final class IcmpErrorFrame {
    /** RFC 1812 4.3.2.3: an ICMP error carries as much of the packet as fits in 576 bytes of IP. */
    static final int MAX_IP_LENGTH = 576;
    static final int IP_HEADER = 20;
    static final int ICMP_HEADER = 8;
    static final byte TTL = 64;

    private IcmpErrorFrame() {
    }

    /**
     * Why no ICMP error may be sent about {@code p} (RFC 1812 4.3.2.7), or empty if one may:
     * not about an ICMP error, a fragment other than the first, a link-layer multicast or
     * broadcast, an IP multicast or broadcast destination, or a source that is not one host.
     */
    static Optional<String> refusal(OffendingPacket p) {
        if (p.isIcmpError()) {
            return Optional.of("it is an ICMP error");
        }
        if (!p.firstFragment()) {
            return Optional.of("it is not the first fragment");
        }
        if (groupAddress(p.ethSrc()) || groupAddress(p.ethDst())) {
            return Optional.of("link-layer multicast or broadcast");
        }
        if (!oneHost(p.src())) {
            return Optional.of("its source " + p.src() + " is not one host");
        }
        int dst = p.dst().toInt() >>> 28;
        if (dst >= 0xe) {
            return Optional.of("its destination " + p.dst() + " is multicast or broadcast");
        }
        return Optional.empty();
    }

    /** onlab's isMulticast excludes the broadcast address. */
    private static boolean groupAddress(MacAddress mac) {
        return mac.isMulticast() || mac.isBroadcast();
    }

    /** Not 0/8, loopback, multicast, class E or the limited broadcast. */
    private static boolean oneHost(Ip4Address a) {
        int first = a.toInt() >>> 24;
        return first != 0 && first != 127 && first < 224;
    }

    /**
     * The error frame: from the router interface ({@code routerMac}, {@code routerIp}) to the
     * sender ({@code senderMac}, the offending packet's source), TTL 64, quoting the packet
     * with its TTL raised by {@code ttlBack}; {@code nextHopMtu} goes in Fragmentation Needed
     * (RFC 1191), ignored otherwise. Checksums are computed on serialization.
     */
    static byte[] build(IcmpError error, OffendingPacket p, MacAddress routerMac, Ip4Address routerIp,
                        MacAddress senderMac, int nextHopMtu, int ttlBack) {
        byte[] quote = p.quote(MAX_IP_LENGTH - IP_HEADER - ICMP_HEADER, ttlBack);
        ByteBuffer body = ByteBuffer.allocate(4 + quote.length);   // the rest of the ICMP header, then the quote
        body.putShort((short) 0).putShort((short) (error == IcmpError.FRAG_NEEDED ? nextHopMtu : 0)).put(quote);
        ICMP icmp = new ICMP().setIcmpType(error.type).setIcmpCode(error.code);
        icmp.setPayload(new Data(body.array()));
        IPv4 ip = new IPv4().setSourceAddress(routerIp.toInt()).setDestinationAddress(p.src().toInt())
                .setTtl(TTL).setProtocol(IPv4.PROTOCOL_ICMP);
        ip.setPayload(icmp);
        Ethernet eth = new Ethernet().setSourceMACAddress(routerMac).setDestinationMACAddress(senderMac)
                .setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        return eth.serialize();
    }
}
