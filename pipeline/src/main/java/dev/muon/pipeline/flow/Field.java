package dev.muon.pipeline.flow;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The field catalogue: every OpenFlow field Muon matches, sets or moves, declared once with
 * the names ovs-ofctl uses for it, its NXM and OXM headers, its width, whether it may be
 * masked, how its value is written, and what a match on it presupposes. Match rendering,
 * parsing and checking, the driver's OpenFlow conversion and the tracer are all loops over
 * this table, so a new field is one line here (plus its case in the driver's round-trip test).
 *
 * <p>Declaration order is the order in which {@code ovs-ofctl dump-flows} prints a match
 * (lib/match.c, match_format), so rendering needs no second list; only the protocol
 * shorthand ({@code ip}, {@code tcp}, {@code icmp6}, ...) that stands for eth_type and
 * ip_proto moves to the front, after the conntrack fields, as Open vSwitch prints it.
 */
public enum Field {
    /** Which conjunctive match (conjunction(id,k/n)) completed; read-only. */
    CONJ_ID("conj_id", "conj_id", nx(37, 4), oxmNone(), 32, false, FieldFormat.DEC),
    CT_STATE("ct_state", "ct_state", nx(105, 4), oxmNone(), 32, true, FieldFormat.CT_STATE),
    CT_ZONE("ct_zone", "ct_zone", nx(106, 2), oxmNone(), 16, false, FieldFormat.DEC),
    CT_MARK("ct_mark", "ct_mark", nx(107, 4), oxmNone(), 32, true, FieldFormat.HEX),
    REG0("reg0", "reg0", nx(0, 4), oxmNone(), 32, true, FieldFormat.HEX),
    REG1("reg1", "reg1", nx(1, 4), oxmNone(), 32, true, FieldFormat.HEX),
    REG2("reg2", "reg2", nx(2, 4), oxmNone(), 32, true, FieldFormat.HEX),
    REG3("reg3", "reg3", nx(3, 4), oxmNone(), 32, true, FieldFormat.HEX),
    REG4("reg4", "reg4", nx(4, 4), oxmNone(), 32, true, FieldFormat.HEX),
    REG5("reg5", "reg5", nx(5, 4), oxmNone(), 32, true, FieldFormat.HEX),
    REG6("reg6", "reg6", nx(6, 4), oxmNone(), 32, true, FieldFormat.HEX),
    REG7("reg7", "reg7", nx(7, 4), oxmNone(), 32, true, FieldFormat.HEX),
    TUN_ID("tun_id", "tun_id", nx(16, 8), basic(38, 8), 64, true, FieldFormat.HEX),
    IN_PORT("in_port", "in_port", of(0, 2), basic(0, 4), 32, false, FieldFormat.DEC),
    VLAN_VID("dl_vlan", "vlan_vid", of(4, 2), basic(6, 2), 13, false, FieldFormat.VLAN),
    ETH_SRC("dl_src", "eth_src", of(2, 6), basic(4, 6), 48, true, FieldFormat.MAC),
    ETH_DST("dl_dst", "eth_dst", of(1, 6), basic(3, 6), 48, true, FieldFormat.MAC),
    /** Printed as a protocol shorthand ({@code arp}, {@code tcp6}) before the registers where one exists. */
    ETH_TYPE("dl_type", "eth_type", of(3, 2), basic(5, 2), 16, false, FieldFormat.HEX4),
    IPV6_SRC("ipv6_src", "ipv6_src", nx(19, 16), basic(26, 16), 128, true, FieldFormat.IPV6),
    IPV6_DST("ipv6_dst", "ipv6_dst", nx(20, 16), basic(27, 16), 128, true, FieldFormat.IPV6),
    ARP_SPA("arp_spa", "arp_spa", of(16, 4), basic(22, 4), 32, true, FieldFormat.IPV4),
    ARP_TPA("arp_tpa", "arp_tpa", of(17, 4), basic(23, 4), 32, true, FieldFormat.IPV4),
    IPV4_SRC("nw_src", "ip_src", of(7, 4), basic(11, 4), 32, true, FieldFormat.IPV4),
    IPV4_DST("nw_dst", "ip_dst", of(8, 4), basic(12, 4), 32, true, FieldFormat.IPV4),
    IP_PROTO("nw_proto", "nw_proto", of(6, 1), basic(10, 1), 8, false, FieldFormat.DEC),
    ARP_OP("arp_op", "arp_op", of(15, 2), basic(21, 2), 16, false, FieldFormat.DEC),
    ARP_SHA("arp_sha", "arp_sha", nx(17, 6), basic(24, 6), 48, true, FieldFormat.MAC),
    ARP_THA("arp_tha", "arp_tha", nx(18, 6), basic(25, 6), 48, true, FieldFormat.MAC),
    NW_TTL("nw_ttl", "nw_ttl", nx(29, 1), oxmNone(), 8, false, FieldFormat.DEC),
    ICMPV4_TYPE("icmp_type", "icmp_type", of(13, 1), basic(19, 1), 8, false, FieldFormat.DEC),
    ICMPV4_CODE("icmp_code", "icmp_code", of(14, 1), basic(20, 1), 8, false, FieldFormat.DEC),
    ICMPV6_TYPE("icmp_type", "icmpv6_type", nx(21, 1), basic(29, 1), 8, false, FieldFormat.DEC),
    ICMPV6_CODE("icmp_code", "icmpv6_code", nx(22, 1), basic(30, 1), 8, false, FieldFormat.DEC),
    ND_TARGET("nd_target", "nd_target", nx(23, 16), basic(31, 16), 128, true, FieldFormat.IPV6),
    TCP_SRC("tp_src", "tcp_src", of(9, 2), basic(13, 2), 16, true, FieldFormat.DEC16),
    TCP_DST("tp_dst", "tcp_dst", of(10, 2), basic(14, 2), 16, true, FieldFormat.DEC16),
    UDP_SRC("tp_src", "udp_src", of(11, 2), basic(15, 2), 16, true, FieldFormat.DEC16),
    UDP_DST("tp_dst", "udp_dst", of(12, 2), basic(16, 2), 16, true, FieldFormat.DEC16);

    public static final int ETH_TYPE_IPV4 = 0x0800;
    public static final int ETH_TYPE_ARP = 0x0806;
    public static final int ETH_TYPE_IPV6 = 0x86dd;
    public static final int IP_PROTO_ICMP = 1;
    public static final int IP_PROTO_TCP = 6;
    public static final int IP_PROTO_UDP = 17;
    public static final int IP_PROTO_ICMPV6 = 58;

    private static final List<Field> REGISTERS = List.of(REG0, REG1, REG2, REG3, REG4, REG5, REG6, REG7);
    private static final Map<String, Field> BY_SET_NAME = new HashMap<>();
    private static final Map<String, Field> BY_NXM_NAME = new HashMap<>();

    static {
        for (Field f : values()) {
            BY_SET_NAME.put(f.setName, f);
            BY_NXM_NAME.put(f.nxmName(), f);
        }
    }

    private final String matchName;
    private final String setName;
    private final long nxmHeader;
    private final long oxmHeader;
    private final int bits;
    private final boolean maskable;
    private final FieldFormat format;

    Field(String matchName, String setName, long nxmHeader, long oxmHeader, int bits, boolean maskable,
          FieldFormat format) {
        this.matchName = matchName;
        this.setName = setName;
        this.nxmHeader = nxmHeader;
        this.oxmHeader = oxmHeader;
        this.bits = bits;
        this.maskable = maskable;
        this.format = format;
    }

    /** The name {@code ovs-ofctl dump-flows} gives it in a match ({@code dl_src}, {@code tp_dst}). */
    public String matchName() { return matchName; }

    /** The name in {@code set_field:V->name} ({@code eth_src}, {@code tcp_dst}). */
    public String setName() { return setName; }

    /** The NXM name in {@code move:} and {@code load:} ({@code NXM_OF_ETH_SRC}, {@code NXM_NX_REG5}). */
    public String nxmName() {
        int cls = (int) (nxmHeader >>> 16);
        String base = cls == 0 ? "NXM_OF_" : "NXM_NX_";
        return base + switch (this) {
            case IPV4_SRC -> "IP_SRC";
            case IPV4_DST -> "IP_DST";
            case VLAN_VID -> "VLAN_TCI";
            case NW_TTL -> "IP_TTL";
            case ICMPV4_TYPE -> "ICMP_TYPE";
            case ICMPV4_CODE -> "ICMP_CODE";
            case TUN_ID -> "TUN_ID";
            default -> name();
        };
    }

    /** The NXM header (class 0x0000 or 0x0001, field, length; no mask bit). */
    public long nxmHeader() { return nxmHeader; }

    /** The OpenFlow-basic OXM header (class 0x8000), or 0 where there is none (Nicira-only fields). */
    public long oxmHeader() { return oxmHeader; }

    public int bits() { return bits; }

    public boolean maskable() { return maskable; }

    public FieldFormat format() { return format; }

    public boolean isRegister() { return REGISTERS.contains(this); }

    /** Whether an action may write it; the rest Open vSwitch only lets flows match (and move from). */
    public boolean writable() {
        return switch (this) {
            case CONJ_ID, CT_STATE, CT_ZONE, ETH_TYPE, IP_PROTO -> false;
            default -> true;
        };
    }

    public static Field register(int n) {
        if (n < 0 || n >= REGISTERS.size()) {
            throw new IllegalArgumentException("no register reg" + n + " (reg0..reg7)");
        }
        return REGISTERS.get(n);
    }

    /** The field a {@code set_field:V->name} names, e.g. {@code eth_src}, {@code reg5}. */
    public static Field bySetName(String name) {
        Field f = BY_SET_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown field '" + name + "'");
        }
        return f;
    }

    /** The field an NXM name names, e.g. {@code NXM_NX_REG5}. */
    public static Field byNxmName(String name) {
        Field f = BY_NXM_NAME.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown NXM field '" + name + "'");
        }
        return f;
    }

    /** Every field whose match name is {@code name} (tp_src is TCP's or UDP's, icmp_type ICMP's or ICMPv6's). */
    public static List<Field> byMatchName(String name) {
        return Arrays.stream(values()).filter(f -> f.matchName.equals(name)).toList();
    }

    private static long of(int field, int length) {
        return header(0x0000, field, length);
    }

    private static long nx(int field, int length) {
        return header(0x0001, field, length);
    }

    private static long basic(int field, int length) {
        return header(0x8000, field, length);
    }

    private static long oxmNone() {
        return 0;
    }

    /** class(16) | field(7) | hasmask(1) | length(8). */
    private static long header(int oxmClass, int field, int length) {
        return ((long) oxmClass << 16) | ((long) field << 9) | length;
    }

    /**
     * Whether a packet has this field, as Open vSwitch sees it: a field of a protocol (icmp_code,
     * tp_dst, nw_ttl) exists in every packet of that protocol, 0 unless set.
     */
    public boolean presentIn(java.util.function.Function<Field, java.math.BigInteger> packet) {
        return !Prerequisites.of(this).isEmpty() && Prerequisites.holds(this, packet);
    }
}
