package dev.muon.ofdriver;

import com.google.common.net.InetAddresses;
import dev.muon.pipeline.flow.Match;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv6Address;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;
import org.projectfloodlight.openflow.types.U8;

/**
 * Muon {@link Match} ⇄ OXM match fields.
 *
 * <p>The reconciler diffs what it reads back against what it computed, so a match must come
 * back from Open vSwitch exactly as it was written. Open vSwitch normalises what it stores
 * (masked-off bits cleared, an all-ones mask dropped, an all-zero mask meaning no match), so
 * {@link #toLoxi} refuses a match that would not survive that unchanged, naming the field:
 * a bug in the compiler then fails loudly instead of re-installing the flow forever.
 *
 * <p>{@link #fromOxms} returns empty for a match that uses anything {@link Match} cannot
 * hold; the caller then keeps the raw bytes (see {@link RawMatch}).
 */
final class MatchConverter {
    private static final int VID_PRESENT = 0x1000;

    private MatchConverter() {
    }

    /** The OXM match for {@code m}. Loxi writes OXMs in field order, so prerequisites precede. */
    static org.projectfloodlight.openflow.protocol.match.Match toLoxi(OFFactory factory, Match m) {
        var b = factory.buildMatch();
        if (m.inPort() != null) {
            b.setExact(MatchField.IN_PORT, OFPort.of(m.inPort()));
        }
        if (m.vlan() != null) {
            int vlan = m.vlan();
            if (vlan == Match.VLAN_NONE) {
                b.setExact(MatchField.VLAN_VID, OFVlanVidMatch.UNTAGGED);
            } else {
                check(vlan >= 0 && vlan <= 0xfff, "vlan", vlan);
                b.setExact(MatchField.VLAN_VID, OFVlanVidMatch.ofVlan(vlan));
            }
        }
        if (m.ethSrc() != null) {
            b.setExact(MatchField.ETH_SRC, mac("eth_src", m.ethSrc()));
        }
        if (m.ethDst() != null) {
            MacAddress dst = mac("eth_dst", m.ethDst());
            if (m.ethDstMask() == null) {
                b.setExact(MatchField.ETH_DST, dst);
            } else {
                MacAddress mask = mac("eth_dst mask", m.ethDstMask());
                check(!mask.equals(MacAddress.NO_MASK) && mask.getLong() != 0, "eth_dst mask (use no mask)", m.ethDstMask());
                check(dst.applyMask(mask).equals(dst), "eth_dst (bits outside the mask)", m.ethDst());
                b.setMasked(MatchField.ETH_DST, dst, mask);
            }
        }
        if (m.ethType() != null) {
            check(m.ethType() >= 0 && m.ethType() <= 0xffff, "eth_type", m.ethType());
            b.setExact(MatchField.ETH_TYPE, EthType.of(m.ethType()));
        }
        if (m.tunId() != null) {
            b.setExact(MatchField.TUNNEL_ID, U64.of(m.tunId()));
        }
        if (m.arpOp() != null) {
            check(m.arpOp() >= 0 && m.arpOp() <= 0xffff, "arp_op", m.arpOp());
            b.setExact(MatchField.ARP_OP, ArpOpcode.of(m.arpOp()));
        }
        if (m.arpSpa() != null) {
            setIp(b, MatchField.ARP_SPA, "arp_spa", m.arpSpa());
        }
        if (m.arpTpa() != null) {
            setIp(b, MatchField.ARP_TPA, "arp_tpa", m.arpTpa());
        }
        if (m.ipProto() != null) {
            check(m.ipProto() >= 0 && m.ipProto() <= 0xff, "ip_proto", m.ipProto());
            b.setExact(MatchField.IP_PROTO, IpProtocol.of(m.ipProto().shortValue()));
        }
        if (m.ipv4Src() != null) {
            setIp(b, MatchField.IPV4_SRC, "ipv4_src", m.ipv4Src());
        }
        if (m.ipv4Dst() != null) {
            setIp(b, MatchField.IPV4_DST, "ipv4_dst", m.ipv4Dst());
        }
        if (m.udpSrc() != null) {
            check(m.udpSrc() >= 0 && m.udpSrc() <= 0xffff, "udp_src", m.udpSrc());
            b.setExact(MatchField.UDP_SRC, TransportPort.of(m.udpSrc()));
        }
        if (m.udpDst() != null) {
            check(m.udpDst() >= 0 && m.udpDst() <= 0xffff, "udp_dst", m.udpDst());
            b.setExact(MatchField.UDP_DST, TransportPort.of(m.udpDst()));
        }
        if (m.icmpv6Type() != null) {
            check(m.icmpv6Type() >= 0 && m.icmpv6Type() <= 0xff, "icmpv6_type", m.icmpv6Type());
            b.setExact(MatchField.ICMPV6_TYPE, U8.of(m.icmpv6Type().shortValue()));
        }
        if (m.ndTarget() != null) {
            setNdTarget(b, m.ndTarget());
        }
        return b.build();
    }

    /** The Muon match for these OXMs, or empty if any of them has no place in {@link Match}. */
    static Optional<Match> fromOxms(List<OFOxm<?>> oxms) {
        Match.Builder b = Match.builder();
        for (OFOxm<?> oxm : oxms) {
            if (!add(b, oxm)) {
                return Optional.empty();
            }
        }
        return Optional.of(b.build());
    }

    /** The Muon match for a Loxi match (packet-ins and tests). */
    static Optional<Match> fromLoxi(org.projectfloodlight.openflow.protocol.match.Match match, OFFactory factory) {
        var oxms = new java.util.ArrayList<OFOxm<?>>();
        for (MatchField<?> field : match.getMatchFields()) {
            oxms.add(oxm(factory, match, field));
        }
        return fromOxms(oxms);
    }

    private static <F extends OFValueType<F>> OFOxm<F> oxm(
            OFFactory factory, org.projectfloodlight.openflow.protocol.match.Match match, MatchField<F> field) {
        if (match.isExact(field)) {
            return factory.oxms().fromValue(match.get(field), field);
        }
        var masked = match.getMasked(field);
        return factory.oxms().fromValueAndMask(masked.getValue(), masked.getMask(), field);
    }

    /** Adds one OXM to {@code b}; false if {@link Match} cannot represent it exactly. */
    private static boolean add(Match.Builder b, OFOxm<?> oxm) {
        Object value = oxm.getValue();
        Object mask = oxm.isMasked() ? oxm.getMask() : null;
        switch (oxm.getMatchField().id) {
            case IN_PORT -> {
                if (mask != null) return false;
                b.inPort(((OFPort) value).getPortNumber());
            }
            case VLAN_VID -> {
                int raw = ((OFVlanVidMatch) value).getRawVid() & 0xffff;
                if (mask != null && (((OFVlanVidMatch) mask).getRawVid() & 0x1fff) != 0x1fff) return false;
                if (raw == 0) {
                    b.untagged();
                } else if ((raw & ~0xfff) == VID_PRESENT) {
                    b.vlan(raw & 0xfff);
                } else {
                    return false;
                }
            }
            case ETH_SRC -> {
                if (mask != null && !mask.equals(MacAddress.NO_MASK)) return false;
                b.ethSrc(value.toString());
            }
            case ETH_DST -> {
                if (mask == null || mask.equals(MacAddress.NO_MASK)) {
                    b.ethDst(value.toString());
                } else {
                    b.ethDst(value.toString(), mask.toString());
                }
            }
            case ETH_TYPE -> {
                if (mask != null) return false;
                b.ethType(((EthType) value).getValue());
            }
            case TUNNEL_ID -> {
                if (mask != null && !mask.equals(U64.NO_MASK)) return false;
                b.tunId(((U64) value).getValue());
            }
            case ARP_OP -> {
                if (mask != null) return false;
                b.arpOp(((ArpOpcode) value).getOpcode());
            }
            case ARP_SPA -> b.arpSpa(ipText((IPv4Address) value, (IPv4Address) mask));
            case ARP_TPA -> b.arpTpa(ipText((IPv4Address) value, (IPv4Address) mask));
            case IP_PROTO -> {
                if (mask != null) return false;
                b.ipProto(((IpProtocol) value).getIpProtocolNumber() & 0xff);
            }
            case IPV4_SRC -> b.ipv4Src(ipText((IPv4Address) value, (IPv4Address) mask));
            case IPV4_DST -> b.ipv4Dst(ipText((IPv4Address) value, (IPv4Address) mask));
            case UDP_SRC -> {
                if (mask != null) return false;
                b.udpSrc(((TransportPort) value).getPort());
            }
            case UDP_DST -> {
                if (mask != null) return false;
                b.udpDst(((TransportPort) value).getPort());
            }
            case ICMPV6_TYPE -> {
                if (mask != null) return false;
                b.icmpv6Type(((U8) value).getValue());
            }
            case IPV6_ND_TARGET -> {
                String text = ipv6Text((IPv6Address) value, (IPv6Address) mask);
                if (text == null) return false;
                b.ndTarget(text);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** As ovs-ofctl prints it: {@code 10.0.0.1}, {@code 10.0.0.0/24}, or {@code 10.0.0.0/255.0.255.0}. */
    static String ipText(IPv4Address value, IPv4Address mask) {
        if (mask == null || mask.equals(IPv4Address.NO_MASK)) {
            return value.toString();
        }
        return value + "/" + (mask.isCidrMask() ? Integer.toString(mask.asCidrMaskLength()) : mask.toString());
    }

    /**
     * As ovs-ofctl prints it: RFC 5952 text ({@code fe80::f816:3eff:fe31:3980}), with
     * {@code /len} for a prefix; null for a mask that is not a prefix.
     */
    static String ipv6Text(IPv6Address value, IPv6Address mask) {
        String addr = InetAddresses.toAddrString(inet6(value.getBytes()));
        if (mask == null || mask.equals(IPv6Address.NO_MASK)) {
            return addr;
        }
        return mask.isCidrMask() ? addr + "/" + mask.asCidrMaskLength() : null;
    }

    private static void setNdTarget(org.projectfloodlight.openflow.protocol.match.Match.Builder b, String text) {
        int slash = text.indexOf('/');
        String addrText = slash < 0 ? text : text.substring(0, slash);
        IPv6Address value;
        try {
            InetAddress parsed = InetAddresses.forString(addrText);
            check(parsed instanceof Inet6Address, "nd_target (not IPv6)", text);
            value = IPv6Address.of(parsed.getAddress());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad nd_target: " + text, e);
        }
        if (slash < 0) {
            check(ipv6Text(value, null).equals(text), "nd_target (not in RFC 5952 form)", text);
            b.setExact(MatchField.IPV6_ND_TARGET, value);
            return;
        }
        int len;
        try {
            len = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad nd_target prefix: " + text, e);
        }
        // Open vSwitch stores /128 as exact and /0 as no match, and clears host bits.
        check(len > 0 && len < 128, "nd_target (no /128 or /0 prefix)", text);
        IPv6Address mask = IPv6Address.ofCidrMaskLength(len);
        check(value.applyMask(mask).equals(value), "nd_target (host bits set)", text);
        check(ipv6Text(value, mask).equals(text), "nd_target (not in RFC 5952 form)", text);
        b.setMasked(MatchField.IPV6_ND_TARGET, value, mask);
    }

    private static Inet6Address inet6(byte[] bytes) {
        try {
            // getByAddress, unlike InetAddress.getByAddress, never turns ::ffff:a.b.c.d into IPv4
            return Inet6Address.getByAddress(null, bytes, null);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void setIp(org.projectfloodlight.openflow.protocol.match.Match.Builder b,
            MatchField<IPv4Address> field, String name, String text) {
        int slash = text.indexOf('/');
        IPv4Address value = ip(name, slash < 0 ? text : text.substring(0, slash));
        if (slash < 0) {
            b.setExact(field, value);
            return;
        }
        String m = text.substring(slash + 1);
        IPv4Address mask;
        try {
            mask = m.contains(".") ? IPv4Address.of(m) : IPv4Address.ofCidrMaskLength(Integer.parseInt(m));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + name + " mask: " + text, e);
        }
        // Open vSwitch stores /32 as exact and /0 as no match, and clears host bits.
        check(!mask.equals(IPv4Address.NO_MASK) && mask.getInt() != 0, name + " (no /32 or /0 mask)", text);
        check(value.applyMask(mask).equals(value), name + " (host bits set)", text);
        check(ipText(value, mask).equals(text), name + " (not in ovs-ofctl form)", text);
        b.setMasked(field, value, mask);
    }

    private static MacAddress mac(String name, String text) {
        MacAddress mac;
        try {
            mac = MacAddress.of(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + name + ": " + text, e);
        }
        check(mac.toString().equals(text), name + " (not lower-case colon form)", text);
        return mac;
    }

    private static IPv4Address ip(String name, String text) {
        IPv4Address ip;
        try {
            ip = IPv4Address.of(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad " + name + ": " + text, e);
        }
        check(ip.toString().equals(text), name + " (not dotted-quad form)", text);
        return ip;
    }

    private static void check(boolean ok, String what, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("invalid " + what + ": " + value);
        }
    }
}
