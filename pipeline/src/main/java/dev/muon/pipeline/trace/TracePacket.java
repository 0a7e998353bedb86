package dev.muon.pipeline.trace;

import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FieldFormat;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A packet being traced: a value (as bits) for each {@link Field} of the catalogue it has,
 * parsed from and printed as ofproto/trace's flow syntax, plus the trace's own inputs (the
 * conntrack states to resume with, a packet length).
 *
 * <p>Field names are the catalogue's: the match name ({@code dl_src}, {@code nw_dst}), the
 * set_field name ({@code eth_src}, {@code ip_dst}, {@code tcp_dst}) or the NXM name
 * ({@code NXM_NX_REG5}). {@code tp_src}/{@code tp_dst} are TCP's or UDP's and
 * {@code icmp_type}/{@code icmp_code} ICMP's or ICMPv6's, as the packet's protocol says,
 * wherever the protocol is written. Protocol shorthands: arp, ip, ipv6, icmp, icmp6, tcp,
 * tcp6, udp, udp6. {@code in_port} may be a port name (the tracer resolves it on the bridge).
 *
 * <p>As in Open vSwitch, the registers, the conntrack fields, tun_id and nw_ttl are 0 until
 * set, and a packet without dl_vlan is untagged. Any other header field the text does not give
 * is absent: a flow that matches on it does not match.
 *
 * <p>Options, before or after the flow, as ofproto/trace takes them:
 * {@code --ct-next FLAGS} (repeatable; FLAGS as {@code trk,est}, {@code trk|est} or
 * {@code +trk+est}) gives the conntrack state each {@code ct(table=N)} resumes with, one per
 * recirculation, {@code trk,new} when none is left; {@code --packet-len N} gives the frame's
 * length in bytes for {@code check_pkt_larger}; {@code --ct-mark V} ({@code 0x1} or decimal) gives the
 * ct_mark of the connection every {@code ct(table=N)} finds, in every zone, until a
 * {@code ct(commit,exec(set_field:V->ct_mark))} of the trace changes it in its zone (without it
 * a recirculation keeps the ct_mark the packet had, 0 unless the flow text gives one, as
 * ofproto/trace does). Conntrack flags are any of new, est, rel, rpl, inv, trk, snat, dnat.
 */
public final class TracePacket {
    /** Fields Open vSwitch starts at 0 (metadata, not headers): a flow matching 0 on them matches. */
    private static final Set<Field> ZERO_BY_DEFAULT = EnumSet.of(Field.CONJ_ID, Field.CT_STATE, Field.CT_ZONE,
            Field.CT_MARK,
            Field.REG0, Field.REG1, Field.REG2, Field.REG3, Field.REG4, Field.REG5, Field.REG6, Field.REG7,
            Field.TUN_ID, Field.VLAN_VID, Field.NW_TTL);
    private static final Map<String, Field> EXTRA_NAMES = Map.of(
            "ipv4_src", Field.IPV4_SRC, "ipv4_dst", Field.IPV4_DST, "ip_proto", Field.IP_PROTO,
            "tunnel_id", Field.TUN_ID, "ip_ttl", Field.NW_TTL,
            "icmpv4_type", Field.ICMPV4_TYPE, "icmpv4_code", Field.ICMPV4_CODE);
    private static final List<String> CT_FLAGS = List.of("new", "est", "rel", "rpl", "inv", "trk", "snat", "dnat");

    private final EnumMap<Field, BigInteger> values;
    private String inPortName;
    private final List<Integer> ctNext;
    private Integer packetLength;
    private Long ctMark;

    private TracePacket(EnumMap<Field, BigInteger> values, String inPortName, List<Integer> ctNext,
                        Integer packetLength, Long ctMark) {
        this.values = values;
        this.inPortName = inPortName;
        this.ctNext = ctNext;
        this.packetLength = packetLength;
        this.ctMark = ctMark;
    }

    /**
     * Parses ofproto/trace's flow syntax, e.g. {@code in_port=tap1,arp,dl_src=fa:16:3e:76:47:75,arp_tpa=10.0.0.4},
     * with the options described above. Unknown field names and masked values are refused.
     */
    public static TracePacket parse(String text) {
        List<Integer> ctNext = new ArrayList<>();
        Integer length = null;
        Long mark = null;
        List<String> flowParts = new ArrayList<>();
        String[] tokens = text.trim().split("\\s+");
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i];
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("--")) {
                int eq = t.indexOf('=');
                String option = eq < 0 ? t : t.substring(0, eq);
                String arg;
                if (eq >= 0) {
                    arg = t.substring(eq + 1);
                } else if (i + 1 < tokens.length) {
                    arg = tokens[++i];
                } else {
                    throw new IllegalArgumentException("missing argument for option " + option);
                }
                arg = unquote(arg);
                switch (option) {
                    case "--ct-next" -> ctNext.add(ctFlags(arg));
                    case "--packet-len" -> length = Integer.parseInt(arg);
                    case "--ct-mark" -> mark = ctMark(arg);
                    default -> throw new IllegalArgumentException(option + ": unknown option (the tracer knows "
                            + "--ct-next FLAGS, --ct-mark V and --packet-len N)");
                }
            } else {
                flowParts.add(t);
            }
        }
        TracePacket p = new TracePacket(new EnumMap<>(Field.class), null, ctNext, length, mark);
        p.parseFlow(String.join(",", flowParts));
        return p;
    }

    private void parseFlow(String text) {
        // (name, value) in the order given; the protocol must be known before tp_src or icmp_type
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                shorthand(p);
                continue;
            }
            String name = p.substring(0, eq).trim();
            String value = p.substring(eq + 1).trim();
            if (value.indexOf('/') >= 0 && !name.equals("vlan_tci")) {
                throw new IllegalArgumentException("a packet has exact values, not masks: " + p);
            }
            if (pairs.put(name, value) != null) {
                throw new IllegalArgumentException(name + " is given twice");
            }
        }
        // first the fields that decide what the ambiguous names mean
        for (String name : List.of("dl_type", "eth_type", "nw_proto", "ip_proto")) {
            if (pairs.containsKey(name)) {
                set(name, pairs.remove(name));
            }
        }
        pairs.forEach(this::set);
    }

    private void shorthand(String name) {
        int ipv4 = Field.ETH_TYPE_IPV4;
        int ipv6 = Field.ETH_TYPE_IPV6;
        switch (name) {
            case "arp" -> protocol(Field.ETH_TYPE_ARP, null);
            case "ip" -> protocol(ipv4, null);
            case "ipv6" -> protocol(ipv6, null);
            case "icmp" -> protocol(ipv4, Field.IP_PROTO_ICMP);
            case "tcp" -> protocol(ipv4, Field.IP_PROTO_TCP);
            case "udp" -> protocol(ipv4, Field.IP_PROTO_UDP);
            case "icmp6" -> protocol(ipv6, Field.IP_PROTO_ICMPV6);
            case "tcp6" -> protocol(ipv6, Field.IP_PROTO_TCP);
            case "udp6" -> protocol(ipv6, Field.IP_PROTO_UDP);
            default -> throw new IllegalArgumentException("unknown packet field or protocol '" + name + "'");
        }
    }

    private void protocol(int ethType, Integer ipProto) {
        values.put(Field.ETH_TYPE, BigInteger.valueOf(ethType));
        if (ipProto != null) {
            values.put(Field.IP_PROTO, BigInteger.valueOf(ipProto));
        }
    }

    /**
     * The field {@code name} stands for in this packet: tp_src is TCP's or UDP's by nw_proto,
     * icmp_type ICMP's or ICMPv6's by dl_type.
     */
    public Field field(String name) {
        switch (name) {
            case "tp_src", "tp_dst" -> {
                long proto = number(Field.IP_PROTO);
                boolean src = name.equals("tp_src");
                if (proto == Field.IP_PROTO_TCP) {
                    return src ? Field.TCP_SRC : Field.TCP_DST;
                } else if (proto == Field.IP_PROTO_UDP) {
                    return src ? Field.UDP_SRC : Field.UDP_DST;
                }
                throw new IllegalArgumentException(name + " needs a TCP or UDP packet (tcp, udp, tcp6, udp6 or nw_proto)");
            }
            case "icmp_type", "icmp_code" -> {
                boolean v6 = number(Field.ETH_TYPE) == Field.ETH_TYPE_IPV6;
                boolean type = name.equals("icmp_type");
                return v6 ? (type ? Field.ICMPV6_TYPE : Field.ICMPV6_CODE) : (type ? Field.ICMPV4_TYPE : Field.ICMPV4_CODE);
            }
            default -> { }
        }
        Field extra = EXTRA_NAMES.get(name);
        if (extra != null) {
            return extra;
        }
        List<Field> byMatch = Field.byMatchName(name);
        if (byMatch.size() == 1) {
            return byMatch.get(0);
        }
        try {
            return Field.bySetName(name);
        } catch (IllegalArgumentException notSetName) {
            try {
                return Field.byNxmName(name);
            } catch (IllegalArgumentException notNxmName) {
                throw new IllegalArgumentException("unknown packet field '" + name + "' (the tracer knows the fields "
                        + "of the catalogue: " + Arrays.stream(Field.values()).map(Field::matchName).distinct().toList()
                        + ")");
            }
        }
    }

    private long number(Field f) {
        BigInteger v = values.get(f);
        return v == null ? -1 : v.longValue();
    }

    /**
     * The field's bits, or null when the packet does not have it: 0 for the fields OVS starts at 0
     * and for a field of the packet's protocol left unset (icmp_code of an ICMP packet), as
     * ofproto/trace takes them.
     */
    public BigInteger value(Field f) {
        BigInteger v = values.get(f);
        if (v != null) {
            return v;
        }
        return ZERO_BY_DEFAULT.contains(f) || f.presentIn(values::get) ? BigInteger.ZERO : null;
    }

    /** Replaces the field's bits; null removes the field. */
    public void set(Field f, BigInteger v) {
        if (v == null) {
            values.remove(f);
        } else {
            if (v.signum() < 0 || v.bitLength() > f.bits()) {
                throw new IllegalArgumentException(f.matchName() + " is " + f.bits() + " bits: 0x" + v.toString(16));
            }
            values.put(f, v);
            if (f == Field.IN_PORT) {
                inPortName = null;
            }
        }
    }

    /** The value of the field {@code name} names (see {@link #field}) as ovs-ofctl prints it, or null. */
    public String get(String name) {
        if (name.equals("in_port") && inPortName != null) {
            return inPortName;
        }
        Field f = field(name);
        BigInteger v = value(f);
        return v == null ? null : text(f, v);
    }

    /** Sets the field {@code name} names from ovs-ofctl text; null removes it. */
    public void set(String name, String text) {
        if (name.equals("in_port") && text != null && !text.chars().allMatch(Character::isDigit)) {
            values.remove(Field.IN_PORT);
            inPortName = text;
            return;
        }
        if (name.equals("vlan_tci")) {
            set(Field.VLAN_VID, text == null ? null : vlanTci(text));
            return;
        }
        Field f = field(name);
        set(f, text == null ? null : bits(f, text));
    }

    /** The in_port as the text gave it when it was a port name not yet resolved, else null. */
    public String inPortName() {
        return inPortName;
    }

    /** The conntrack states given with --ct-next, in order (ct_state bits). */
    public List<Integer> ctNext() {
        return List.copyOf(ctNext);
    }

    /** A copy that resumes each ct(table=N) with the next of {@code states} ({@code "trk,est"} ...). */
    public TracePacket withCtNext(String... states) {
        TracePacket c = copy();
        c.ctNext.clear();
        for (String s : states) {
            c.ctNext.add(ctFlags(s));
        }
        return c;
    }

    /** The frame's length in bytes when given (--packet-len), else null. */
    public Integer packetLength() {
        return packetLength;
    }

    public TracePacket withPacketLength(int bytes) {
        TracePacket c = copy();
        c.packetLength = bytes;
        return c;
    }

    /** The connection's ct_mark when given (--ct-mark), else null. */
    public Long ctMark() {
        return ctMark;
    }

    /** A copy whose connections have ct_mark {@code mark} (as {@code --ct-mark}). */
    public TracePacket withCtMark(long mark) {
        TracePacket c = copy();
        c.ctMark = ctMark(Long.toString(mark));
        return c;
    }

    private static long ctMark(String text) {
        String t = text.trim();
        long v;
        try {
            v = t.startsWith("0x") || t.startsWith("0X") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--ct-mark takes a number, 0x1 or 1: " + text);
        }
        if (v < 0 || v > 0xffffffffL) {
            throw new IllegalArgumentException("ct_mark is 32 bits: " + text);
        }
        return v;
    }

    public boolean tagged() {
        return value(Field.VLAN_VID).testBit(12);
    }

    /** The VLAN id when tagged, else null. */
    public Integer vlan() {
        return tagged() ? value(Field.VLAN_VID).intValue() & 0xfff : null;
    }

    public boolean isIp() {
        long t = number(Field.ETH_TYPE);
        return t == Field.ETH_TYPE_IPV4 || t == Field.ETH_TYPE_IPV6;
    }

    public TracePacket copy() {
        return new TracePacket(new EnumMap<>(values), inPortName, new ArrayList<>(ctNext), packetLength, ctMark);
    }

    /** Parses {@code text} as the exact value of {@code f}, accepting 0x hex where ovs-ofctl prints decimal. */
    static BigInteger bits(Field f, String text) {
        if (f == Field.CT_STATE) {
            return BigInteger.valueOf(ctFlags(text));
        }
        String t = text;
        if ((f.format() == FieldFormat.DEC || f.format() == FieldFormat.VLAN) && t.startsWith("0x")) {
            t = new BigInteger(t.substring(2), 16).toString();
        }
        if (f.format() == FieldFormat.MAC) {
            t = t.toLowerCase();
        }
        FieldFormat.Bits b = f.format().parse(f, t);
        if (!b.exact(f.bits()) && f.format() != FieldFormat.VLAN) {
            throw new IllegalArgumentException("a packet has exact values, not masks: " + f.matchName() + "=" + text);
        }
        return b.value();
    }

    private static BigInteger vlanTci(String text) {
        int slash = text.indexOf('/');
        String v = slash < 0 ? text : text.substring(0, slash);
        long tci = Long.decode(v);
        return BigInteger.valueOf(tci & 0x1fff);
    }

    /** Conntrack flags written {@code trk,est}, {@code trk|est}, {@code +trk+est}, as ct_state bits. */
    static int ctFlags(String text) {
        String t = unquote(text.trim());
        int bits = 0;
        if (t.matches("0[xX][0-9a-fA-F]+|[0-9]+")) {
            long v = Long.decode(t);
            if (v >= 1L << CT_FLAGS.size()) {
                throw new IllegalArgumentException("conntrack state 0x" + Long.toHexString(v) + " has bits beyond "
                        + CT_FLAGS);
            }
            return (int) v;
        }
        if (t.startsWith("+") || t.startsWith("-")) {
            FieldFormat.Bits b = FieldFormat.CT_STATE.parse(Field.CT_STATE, t);
            return b.value().intValue();
        }
        for (String name : t.split("[,| ]+")) {
            if (name.isEmpty()) {
                continue;
            }
            int bit = CT_FLAGS.indexOf(name);
            if (bit < 0) {
                throw new IllegalArgumentException("unknown conntrack flag '" + name + "' (known: " + CT_FLAGS + ")");
            }
            bits |= 1 << bit;
        }
        return bits;
    }

    /** Conntrack state bits written as ovs-ofctl writes them in --ct-next: {@code trk|est}. */
    static String ctFlagsText(int bits) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < CT_FLAGS.size(); i++) {
            if ((bits & (1 << i)) != 0) {
                names.add(CT_FLAGS.get(i));
            }
        }
        return names.isEmpty() ? "0" : String.join("|", names);
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    /** {@code v} as ovs-ofctl writes an exact value of {@code f}. */
    static String text(Field f, BigInteger v) {
        if (f == Field.CT_STATE) {
            return v.signum() == 0 ? "0" : FieldFormat.CT_STATE.text(f, new FieldFormat.Bits(v, v));
        }
        if (f == Field.VLAN_VID) {
            return v.testBit(12) ? Integer.toString(v.intValue() & 0xfff) : FieldFormat.UNTAGGED;
        }
        return f.format().text(f, new FieldFormat.Bits(v, FieldFormat.ones(f.bits())));
    }

    /**
     * The packet in ovs-ofctl's order (lib/match.c): conntrack fields, the protocol shorthand,
     * registers, tunnel, in_port, VLAN, Ethernet, L3, L4; fields at their default 0 and an
     * untagged VLAN are left out.
     */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        String shorthand = shorthandName();
        boolean protoInShorthand = shorthand != null && !shorthand.equals("ip") && !shorthand.equals("ipv6");
        boolean shorthandWritten = false;
        for (Field f : Field.values()) {
            if (!shorthandWritten && shorthand != null && f.ordinal() > Field.CT_MARK.ordinal()) {
                parts.add(shorthand);
                shorthandWritten = true;
            }
            if ((f == Field.ETH_TYPE && shorthand != null) || (f == Field.IP_PROTO && protoInShorthand)) {
                continue;
            }
            if (f == Field.IN_PORT && inPortName != null) {
                parts.add("in_port=" + inPortName);
                continue;
            }
            BigInteger v = values.get(f);
            if (v == null || (ZERO_BY_DEFAULT.contains(f) && v.signum() == 0)) {
                continue;
            }
            parts.add(f.matchName() + "=" + text(f, v));
        }
        if (!shorthandWritten && shorthand != null) {
            parts.add(shorthand);
        }
        return String.join(",", parts);
    }

    private String shorthandName() {
        long type = number(Field.ETH_TYPE);
        long proto = number(Field.IP_PROTO);
        if (type == Field.ETH_TYPE_ARP) {
            return "arp";
        }
        if (type == Field.ETH_TYPE_IPV4) {
            return switch ((int) proto) {
                case 1 -> "icmp";
                case 6 -> "tcp";
                case 17 -> "udp";
                default -> "ip";
            };
        }
        if (type == Field.ETH_TYPE_IPV6) {
            return switch ((int) proto) {
                case 58 -> "icmp6";
                case 6 -> "tcp6";
                case 17 -> "udp6";
                default -> "ipv6";
            };
        }
        return null;
    }
}
