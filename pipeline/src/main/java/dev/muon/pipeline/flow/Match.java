package dev.muon.pipeline.flow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The match part of a flow: a value (with its mask, where masked) for each {@link Field} it
 * constrains, each written as ovs-ofctl prints it ({@link FieldFormat}). A match is refused
 * when it is built if a value is not in that canonical form or a field's prerequisites are
 * missing (a tp_dst without an ip_proto, an arp_spa without eth_type ARP): Open vSwitch would
 * refuse it, or store something else and so never read back equal.
 */
public final class Match {
    /** Kept for readers of the earlier API: the untagged VLAN match. */
    public static final int VLAN_NONE = -1;
    public static final int ETH_TYPE_IPV4 = Field.ETH_TYPE_IPV4;
    public static final int ETH_TYPE_ARP = Field.ETH_TYPE_ARP;
    public static final int ETH_TYPE_IPV6 = Field.ETH_TYPE_IPV6;
    public static final int IP_PROTO_UDP = Field.IP_PROTO_UDP;
    public static final int IP_PROTO_ICMPV6 = Field.IP_PROTO_ICMPV6;
    public static final int ICMPV6_NEIGHBOR_ADVERTISEMENT = 136;
    private static final Field[] ALL = Field.values();
    public static final Match ANY = builder().build();

    /** Fields in catalogue order, and their values. */
    private final Field[] fields;
    private final String[] values;
    /** Non-null only for a {@link #foreign} match. */
    private final String foreign;
    private final int hash;

    private Match(Field[] fields, String[] values, String foreign) {
        this.fields = fields;
        this.values = values;
        this.foreign = foreign;
        this.hash = 31 * (31 * Arrays.hashCode(fields) + Arrays.hashCode(values)) + (foreign == null ? 0 : foreign.hashCode());
    }

    /**
     * A match read from a switch that the catalogue cannot hold (a field Muon does not know, a
     * mask FieldFormat cannot write), identified by an opaque {@code description} (the driver
     * puts the wire bytes there, so that it can still delete the flow). It constrains no field,
     * equals only a foreign match with the same description, and so never equals a match Muon
     * computes: the reconciler deletes such flows.
     */
    public static Match foreign(String description) {
        if (description == null || description.isEmpty()) {
            throw new IllegalArgumentException("a foreign match needs a description");
        }
        return new Match(new Field[0], new String[0], description);
    }

    /** The description of a {@link #foreign} match, or null for a match of catalogue fields. */
    public String foreign() {
        return foreign;
    }

    /** The value of {@code field} as ovs-ofctl prints it (with {@code /mask} if masked), or null. */
    public String get(Field field) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i] == field) {
                return values[i];
            }
        }
        return null;
    }

    public boolean has(Field field) {
        return get(field) != null;
    }

    /** The matched fields in catalogue order, without a copy (for checks run on every flow built). */
    Field[] fieldArray() {
        return fields;
    }

    public Set<Field> fields() {
        EnumSet<Field> s = EnumSet.noneOf(Field.class);
        Collections.addAll(s, fields);
        return s;
    }

    /** Every constrained field with its value, in catalogue order. */
    public Map<Field, String> entries() {
        Map<Field, String> m = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i++) {
            m.put(fields[i], values[i]);
        }
        return m;
    }

    /** The match in ovs-ofctl syntax, in the order it prints fields, without a leading comma; empty for match-all. */
    public String toOfctl() {
        if (foreign != null) {
            return foreign;
        }
        List<String> parts = new ArrayList<>(fields.length);
        String shorthand = shorthand();
        boolean protoInShorthand = shorthand != null && !shorthand.equals("ip") && !shorthand.equals("ipv6");
        boolean shorthandWritten = false;
        for (int i = 0; i < fields.length; i++) {
            Field f = fields[i];
            if (!shorthandWritten && shorthand != null && f.ordinal() > Field.CT_MARK.ordinal()) {
                parts.add(shorthand);
                shorthandWritten = true;
            }
            if ((f == Field.ETH_TYPE && shorthand != null) || (f == Field.IP_PROTO && protoInShorthand)) {
                continue;
            }
            String v = values[i];
            if (f == Field.VLAN_VID && v.equals(FieldFormat.UNTAGGED)) {
                parts.add("vlan_tci=" + v);
            } else {
                parts.add(f.matchName() + "=" + v);
            }
        }
        if (!shorthandWritten && shorthand != null) {
            parts.add(shorthand);
        }
        return String.join(",", parts);
    }

    /** ovs-ofctl's protocol shorthand for this eth_type (and ip_proto), or null. */
    private String shorthand() {
        Integer type = ethType();
        if (type == null) return null;
        Integer proto = ipProto();
        if (type == ETH_TYPE_ARP) return "arp";
        if (type == ETH_TYPE_IPV4) {
            if (proto == null) return "ip";
            return switch (proto) {
                case 1 -> "icmp";
                case 2 -> "igmp";
                case 6 -> "tcp";
                case 17 -> "udp";
                case 132 -> "sctp";
                default -> "ip";
            };
        }
        if (type == ETH_TYPE_IPV6) {
            if (proto == null) return "ipv6";
            return switch (proto) {
                case 58 -> "icmp6";
                case 6 -> "tcp6";
                case 17 -> "udp6";
                case 132 -> "sctp6";
                default -> "ipv6";
            };
        }
        return null;
    }

    // Typed readers of the common fields (null when the field is not matched).

    /** The port, as an OpenFlow port number: reserved ports (LOCAL, ...) are negative, as in the driver's constants. */
    public Integer inPort() {
        String v = get(Field.IN_PORT);
        return v == null ? null : (int) Long.parseLong(v);
    }

    /** The VLAN matched: a VLAN id, {@link #VLAN_NONE} for untagged, or null. */
    public Integer vlan() {
        String v = get(Field.VLAN_VID);
        return v == null ? null : v.equals(FieldFormat.UNTAGGED) ? VLAN_NONE : Integer.parseInt(v);
    }

    public String ethSrc() { return value(Field.ETH_SRC); }
    public String ethDst() { return value(Field.ETH_DST); }
    public String ethDstMask() { return mask(Field.ETH_DST); }
    public Integer ethType() { return integer(Field.ETH_TYPE); }
    public Long tunId() {
        String v = value(Field.TUN_ID);
        return v == null ? null : Long.decode(v);
    }
    public Integer arpOp() { return integer(Field.ARP_OP); }
    public String arpSpa() { return get(Field.ARP_SPA); }
    public String arpTpa() { return get(Field.ARP_TPA); }
    public Integer ipProto() { return integer(Field.IP_PROTO); }
    public String ipv4Src() { return get(Field.IPV4_SRC); }
    public String ipv4Dst() { return get(Field.IPV4_DST); }
    public Integer udpSrc() { return integer(Field.UDP_SRC); }
    public Integer udpDst() { return integer(Field.UDP_DST); }
    public Integer icmpv6Type() { return integer(Field.ICMPV6_TYPE); }
    public String ndTarget() { return get(Field.ND_TARGET); }

    private String value(Field f) {
        String v = get(f);
        if (v == null) return null;
        int slash = v.indexOf('/');
        return slash < 0 ? v : v.substring(0, slash);
    }

    private String mask(Field f) {
        String v = get(f);
        if (v == null) return null;
        int slash = v.indexOf('/');
        return slash < 0 ? null : v.substring(slash + 1);
    }

    private Integer integer(Field f) {
        String v = value(f);
        return v == null ? null : Integer.decode(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Match m && hash == m.hash && Arrays.equals(fields, m.fields) && Arrays.equals(values, m.values)
                && java.util.Objects.equals(foreign, m.foreign);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return toOfctl().isEmpty() ? "(any)" : toOfctl();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a match; each setter replaces that field's value. */
    public static final class Builder {
        private final String[] byOrdinal = new String[ALL.length];

        /** Any field, its value written as ovs-ofctl prints it (checked by {@link #build()}). */
        public Builder set(Field f, String text) { byOrdinal[f.ordinal()] = text; return this; }

        /** An OpenFlow port number; a reserved one (negative as an int, e.g. LOCAL) is written unsigned. */
        public Builder inPort(int v) { return set(Field.IN_PORT, Integer.toUnsignedString(v)); }
        public Builder vlan(int v) { return set(Field.VLAN_VID, Integer.toString(v)); }
        public Builder untagged() { return set(Field.VLAN_VID, FieldFormat.UNTAGGED); }
        public Builder ethSrc(String v) { return set(Field.ETH_SRC, v); }
        public Builder ethDst(String v) { return set(Field.ETH_DST, v); }
        public Builder ethDst(String v, String mask) { return set(Field.ETH_DST, v + "/" + mask); }
        public Builder ethType(int v) { return set(Field.ETH_TYPE, ethTypeText(v)); }
        public Builder tunId(long v) { return set(Field.TUN_ID, v == 0 ? "0" : "0x" + Long.toHexString(v)); }
        public Builder arpOp(int v) { return set(Field.ARP_OP, Integer.toString(v)); }
        public Builder arpSpa(String v) { return set(Field.ARP_SPA, v); }
        public Builder arpTpa(String v) { return set(Field.ARP_TPA, v); }
        public Builder ipProto(int v) { return set(Field.IP_PROTO, Integer.toString(v)); }
        public Builder ipv4Src(String v) { return set(Field.IPV4_SRC, v); }
        public Builder ipv4Dst(String v) { return set(Field.IPV4_DST, v); }
        public Builder udpSrc(int v) { return set(Field.UDP_SRC, Integer.toString(v)); }
        public Builder udpDst(int v) { return set(Field.UDP_DST, Integer.toString(v)); }
        public Builder tcpSrc(int v) { return set(Field.TCP_SRC, Integer.toString(v)); }
        public Builder tcpDst(int v) { return set(Field.TCP_DST, Integer.toString(v)); }
        /** A port range as one value/mask pair, e.g. tcp_dst 0x50/0xfff0 (the firewall splits ranges into these). */
        public Builder tcpDst(int v, int mask) { return set(Field.TCP_DST, masked16(v, mask)); }
        public Builder udpDst(int v, int mask) { return set(Field.UDP_DST, masked16(v, mask)); }
        public Builder ipv6Src(String v) { return set(Field.IPV6_SRC, v); }
        public Builder ipv6Dst(String v) { return set(Field.IPV6_DST, v); }
        public Builder icmpType(int v) { return set(Field.ICMPV4_TYPE, Integer.toString(v)); }
        public Builder icmpCode(int v) { return set(Field.ICMPV4_CODE, Integer.toString(v)); }
        public Builder icmpv6Type(int v) { return set(Field.ICMPV6_TYPE, Integer.toString(v)); }
        public Builder icmpv6Code(int v) { return set(Field.ICMPV6_CODE, Integer.toString(v)); }
        public Builder ndTarget(String v) { return set(Field.ND_TARGET, v); }
        public Builder nwTtl(int v) { return set(Field.NW_TTL, Integer.toString(v)); }
        public Builder reg(int n, long v) { return set(Field.register(n), hex(v)); }
        public Builder reg(int n, long v, long mask) { return set(Field.register(n), hex(v) + "/" + hex(mask)); }
        /** Bits start..end (inclusive) of register n hold {@code v}; the other bits are wildcards. */
        public Builder regBits(int n, int start, int end, long v) {
            long width = end - start + 1;
            long mask = (width >= 32 ? 0xffffffffL : ((1L << width) - 1)) << start;
            return mask == 0xffffffffL ? reg(n, v) : reg(n, v << start, mask);
        }
        /** Conntrack state flags, e.g. {@code +trk+est} or {@code -new+est-rel-inv+trk}, in bit order. */
        public Builder ctState(String flags) { return set(Field.CT_STATE, flags); }
        public Builder ctZone(int v) { return set(Field.CT_ZONE, Integer.toString(v)); }
        /** Lets {@code c} add to this match (a rule's part of a flow's match). */
        public Builder apply(java.util.function.Consumer<Builder> c) { c.accept(this); return this; }
        /** Every field of {@code m}. */
        public Builder from(Match m) {
            for (int i = 0; i < m.fields.length; i++) {
                set(m.fields[i], m.values[i]);
            }
            return this;
        }
        public Builder ctMark(long v) { return set(Field.CT_MARK, hex(v)); }
        public Builder conjId(long v) { return set(Field.CONJ_ID, Long.toString(v)); }

        private static String hex(long v) {
            return v == 0 ? "0" : "0x" + Long.toHexString(v);
        }

        private static String masked16(int v, int mask) {
            return mask == 0xffff ? Integer.toString(v) : "0x" + Integer.toHexString(v) + "/0x" + Integer.toHexString(mask);
        }

        /** "0x%04x" without String.format, which a compile would otherwise call for nearly every flow. */
        private static String ethTypeText(int v) {
            return switch (v) {
                case ETH_TYPE_IPV4 -> "0x0800";
                case ETH_TYPE_IPV6 -> "0x86dd";
                case ETH_TYPE_ARP -> "0x0806";
                default -> {
                    String hex = Integer.toHexString(v);
                    yield "0x" + "0000".substring(Math.min(4, hex.length())) + hex;
                }
            };
        }

        public Match build() {
            int n = 0;
            for (String v : byOrdinal) {
                if (v != null) n++;
            }
            Field[] fs = new Field[n];
            String[] vs = new String[n];
            int i = 0;
            for (int o = 0; o < byOrdinal.length; o++) {
                String v = byOrdinal[o];
                if (v != null) {
                    Field f = ALL[o];
                    f.format().canonical(f, v);
                    fs[i] = f;
                    vs[i++] = SharedSpellings.value(f, v);
                }
            }
            Match m = new Match(SharedSpellings.layout(fs), vs, null);
            Prerequisites.check(m);
            return m;
        }
    }
}
