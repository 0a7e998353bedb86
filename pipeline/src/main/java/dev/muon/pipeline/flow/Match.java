package dev.muon.pipeline.flow;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The match part of a flow. Null fields are wildcards. Values are kept in the form
 * ovs-ofctl prints them (MACs lower-case colon form, IPv4 dotted, tun_id as a number).
 *
 * @param vlan     {@link #VLAN_NONE} for untagged frames, a VLAN id 0..4095 for that tag, or null
 * @param ethDstMask a mask such as {@code 01:00:00:00:00:00}, or null for an exact ethDst
 * @param ndTarget an IPv6 address in RFC 5952 form (as ovs-ofctl prints it), or a prefix {@code addr/len}
 */
public record Match(
        Integer inPort,
        Integer vlan,
        String ethSrc,
        String ethDst,
        String ethDstMask,
        Integer ethType,
        Long tunId,
        Integer arpOp,
        String arpSpa,
        String arpTpa,
        Integer ipProto,
        String ipv4Src,
        String ipv4Dst,
        Integer udpSrc,
        Integer udpDst,
        Integer icmpv6Type,
        String ndTarget) {

    /** {@code vlan_tci=0x0000/0x1fff}: no 802.1Q header. */
    public static final int VLAN_NONE = -1;
    public static final int ETH_TYPE_IPV4 = 0x0800;
    public static final int ETH_TYPE_ARP = 0x0806;
    public static final int ETH_TYPE_IPV6 = 0x86dd;
    public static final int IP_PROTO_UDP = 17;
    public static final int IP_PROTO_ICMPV6 = 58;
    public static final int ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
    public static final Match ANY = builder().build();

    /** The fields a table may declare it uses. */
    public enum Field { IN_PORT, VLAN, ETH_SRC, ETH_DST, ETH_TYPE, TUN_ID, ARP_OP, ARP_SPA, ARP_TPA, IP_PROTO, IPV4_SRC, IPV4_DST, UDP_SRC, UDP_DST, ICMPV6_TYPE, ND_TARGET }

    public Set<Field> fields() {
        EnumSet<Field> f = EnumSet.noneOf(Field.class);
        if (inPort != null) f.add(Field.IN_PORT);
        if (vlan != null) f.add(Field.VLAN);
        if (ethSrc != null) f.add(Field.ETH_SRC);
        if (ethDst != null) f.add(Field.ETH_DST);
        if (ethType != null) f.add(Field.ETH_TYPE);
        if (tunId != null) f.add(Field.TUN_ID);
        if (arpOp != null) f.add(Field.ARP_OP);
        if (arpSpa != null) f.add(Field.ARP_SPA);
        if (arpTpa != null) f.add(Field.ARP_TPA);
        if (ipProto != null) f.add(Field.IP_PROTO);
        if (ipv4Src != null) f.add(Field.IPV4_SRC);
        if (ipv4Dst != null) f.add(Field.IPV4_DST);
        if (udpSrc != null) f.add(Field.UDP_SRC);
        if (udpDst != null) f.add(Field.UDP_DST);
        if (icmpv6Type != null) f.add(Field.ICMPV6_TYPE);
        if (ndTarget != null) f.add(Field.ND_TARGET);
        return f;
    }

    /** The match in ovs-ofctl syntax, without a leading comma; empty for match-all. */
    public String toOfctl() {
        List<String> parts = new ArrayList<>();
        String shorthand = shorthand();
        if (shorthand != null) {
            parts.add(shorthand);
        } else if (ethType != null) {
            parts.add(String.format("dl_type=0x%04x", ethType));
        }
        if (tunId != null) parts.add("tun_id=0x" + Long.toHexString(tunId));
        if (inPort != null) parts.add("in_port=" + inPort);
        if (vlan != null) parts.add(vlan == VLAN_NONE ? "vlan_tci=0x0000/0x1fff" : "dl_vlan=" + vlan);
        if (ethSrc != null) parts.add("dl_src=" + ethSrc);
        if (ethDst != null) parts.add("dl_dst=" + ethDst + (ethDstMask == null ? "" : "/" + ethDstMask));
        if (ipProto != null && shorthand == null) parts.add("nw_proto=" + ipProto);
        if (ipv4Src != null) parts.add("nw_src=" + ipv4Src);
        if (ipv4Dst != null) parts.add("nw_dst=" + ipv4Dst);
        if (arpOp != null) parts.add("arp_op=" + arpOp);
        if (arpSpa != null) parts.add("arp_spa=" + arpSpa);
        if (arpTpa != null) parts.add("arp_tpa=" + arpTpa);
        if (udpSrc != null) parts.add("tp_src=" + udpSrc);
        if (udpDst != null) parts.add("tp_dst=" + udpDst);
        if (icmpv6Type != null) parts.add("icmp_type=" + icmpv6Type);
        if (ndTarget != null) parts.add("nd_target=" + ndTarget);
        return String.join(",", parts);
    }

    private String shorthand() {
        if (ethType == null) return null;
        if (ethType == ETH_TYPE_ARP) return "arp";
        if (ethType == ETH_TYPE_IPV4 && ipProto != null && ipProto == IP_PROTO_UDP) return "udp";
        if (ethType == ETH_TYPE_IPV4 && ipProto == null) return "ip";
        if (ethType == ETH_TYPE_IPV6 && ipProto == null) return "ipv6";
        if (ethType == ETH_TYPE_IPV6 && ipProto == IP_PROTO_ICMPV6) return "icmp6";
        return null;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Integer inPort, vlan, ethType, arpOp, ipProto, udpSrc, udpDst, icmpv6Type;
        private String ethSrc, ethDst, ethDstMask, arpSpa, arpTpa, ipv4Src, ipv4Dst, ndTarget;
        private Long tunId;

        public Builder inPort(int v) { inPort = v; return this; }
        public Builder vlan(int v) { vlan = v; return this; }
        public Builder untagged() { vlan = VLAN_NONE; return this; }
        public Builder ethSrc(String v) { ethSrc = v; return this; }
        public Builder ethDst(String v) { ethDst = v; ethDstMask = null; return this; }
        public Builder ethDst(String v, String mask) { ethDst = v; ethDstMask = mask; return this; }
        public Builder ethType(int v) { ethType = v; return this; }
        public Builder tunId(long v) { tunId = v; return this; }
        public Builder arpOp(int v) { arpOp = v; return this; }
        public Builder arpSpa(String v) { arpSpa = v; return this; }
        public Builder arpTpa(String v) { arpTpa = v; return this; }
        public Builder ipProto(int v) { ipProto = v; return this; }
        public Builder ipv4Src(String v) { ipv4Src = v; return this; }
        public Builder ipv4Dst(String v) { ipv4Dst = v; return this; }
        public Builder udpSrc(int v) { udpSrc = v; return this; }
        public Builder udpDst(int v) { udpDst = v; return this; }
        public Builder icmpv6Type(int v) { icmpv6Type = v; return this; }
        public Builder ndTarget(String v) { ndTarget = v; return this; }

        public Match build() {
            return new Match(inPort, vlan, ethSrc, ethDst, ethDstMask, ethType, tunId, arpOp, arpSpa, arpTpa,
                    ipProto, ipv4Src, ipv4Dst, udpSrc, udpDst, icmpv6Type, ndTarget);
        }
    }
}
