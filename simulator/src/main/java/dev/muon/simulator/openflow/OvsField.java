package dev.muon.simulator.openflow;

import java.util.HashMap;
import java.util.Map;

/**
 * The match fields the simulator knows, as Open vSwitch's meta-flow describes them: the header
 * it keeps in a match (the OpenFlow-basic one where there is one, as OVS dumps over 1.3/1.4),
 * the Nicira header that names the same field, its width, what it needs matched first, and
 * whether actions may write it. A field not listed here is refused in a match (OVS knows more,
 * but the controller sends none of them). The order is the one OVS writes a match in (nx_put_raw),
 * which is the order a stored match is kept and dumped in.
 */
enum OvsField {
    CONJ_ID(nxm1(37, 4), 0, 32, Prereq.NONE, false),
    IN_PORT(oxm(0, 4), nxm0(0, 2), 32, Prereq.NONE, true),
    ETH_SRC(oxm(4, 6), nxm0(2, 6), 48, Prereq.NONE, true),
    ETH_DST(oxm(3, 6), nxm0(1, 6), 48, Prereq.NONE, true),
    ETH_TYPE(oxm(5, 2), nxm0(3, 2), 16, Prereq.NONE, false),
    VLAN_VID(oxm(6, 2), 0, 13, Prereq.NONE, true),
    VLAN_TCI(nxm0(4, 2), 0, 16, Prereq.NONE, true),
    VLAN_PCP(oxm(7, 1), 0, 3, Prereq.VLAN, true),
    IPV4_SRC(oxm(11, 4), nxm0(7, 4), 32, Prereq.IPV4, true),
    IPV4_DST(oxm(12, 4), nxm0(8, 4), 32, Prereq.IPV4, true),
    IPV6_SRC(oxm(26, 16), nxm1(19, 16), 128, Prereq.IPV6, true),
    IPV6_DST(oxm(27, 16), nxm1(20, 16), 128, Prereq.IPV6, true),
    IPV6_FLABEL(oxm(28, 4), nxm1(27, 4), 20, Prereq.IPV6, true),
    IP_FRAG(nxm1(26, 1), 0, 2, Prereq.IP_ANY, false),
    IP_DSCP(oxm(8, 1), 0, 6, Prereq.IP_ANY, true),
    IP_ECN(oxm(9, 1), nxm1(28, 1), 2, Prereq.IP_ANY, true),
    NW_TTL(nxm1(29, 1), 0, 8, Prereq.IP_ANY, true),
    IP_PROTO(oxm(10, 1), nxm0(6, 1), 8, Prereq.IP_ANY, false),
    TCP_SRC(oxm(13, 2), nxm0(9, 2), 16, Prereq.TCP, true),
    TCP_DST(oxm(14, 2), nxm0(10, 2), 16, Prereq.TCP, true),
    TCP_FLAGS(nxm1(34, 2), 0, 12, Prereq.TCP, false),
    UDP_SRC(oxm(15, 2), nxm0(11, 2), 16, Prereq.UDP, true),
    UDP_DST(oxm(16, 2), nxm0(12, 2), 16, Prereq.UDP, true),
    SCTP_SRC(oxm(17, 2), 0, 16, Prereq.SCTP, true),
    SCTP_DST(oxm(18, 2), 0, 16, Prereq.SCTP, true),
    ICMPV4_TYPE(oxm(19, 1), nxm0(13, 1), 8, Prereq.ICMPV4, true),
    ICMPV4_CODE(oxm(20, 1), nxm0(14, 1), 8, Prereq.ICMPV4, true),
    ICMPV6_TYPE(oxm(29, 1), nxm1(21, 1), 8, Prereq.ICMPV6, true),
    ICMPV6_CODE(oxm(30, 1), nxm1(22, 1), 8, Prereq.ICMPV6, true),
    ND_TARGET(oxm(31, 16), nxm1(23, 16), 128, Prereq.ND, true),
    ND_SLL(oxm(32, 6), nxm1(24, 6), 48, Prereq.ND_SOLICIT, true),
    ND_TLL(oxm(33, 6), nxm1(25, 6), 48, Prereq.ND_ADVERT, true),
    ARP_OP(oxm(21, 2), nxm0(15, 2), 16, Prereq.ARP, true),
    ARP_SPA(oxm(22, 4), nxm0(16, 4), 32, Prereq.ARP, true),
    ARP_TPA(oxm(23, 4), nxm0(17, 4), 32, Prereq.ARP, true),
    ARP_SHA(oxm(24, 6), nxm1(17, 6), 48, Prereq.ARP, true),
    ARP_THA(oxm(25, 6), nxm1(18, 6), 48, Prereq.ARP, true),
    TUN_ID(oxm(38, 8), nxm1(16, 8), 64, Prereq.NONE, true),
    REG0(nxm1(0, 4), 0, 32, Prereq.NONE, true),
    REG1(nxm1(1, 4), 0, 32, Prereq.NONE, true),
    REG2(nxm1(2, 4), 0, 32, Prereq.NONE, true),
    REG3(nxm1(3, 4), 0, 32, Prereq.NONE, true),
    REG4(nxm1(4, 4), 0, 32, Prereq.NONE, true),
    REG5(nxm1(5, 4), 0, 32, Prereq.NONE, true),
    REG6(nxm1(6, 4), 0, 32, Prereq.NONE, true),
    REG7(nxm1(7, 4), 0, 32, Prereq.NONE, true),
    REG8(nxm1(8, 4), 0, 32, Prereq.NONE, true),
    REG9(nxm1(9, 4), 0, 32, Prereq.NONE, true),
    REG10(nxm1(10, 4), 0, 32, Prereq.NONE, true),
    REG11(nxm1(11, 4), 0, 32, Prereq.NONE, true),
    REG12(nxm1(12, 4), 0, 32, Prereq.NONE, true),
    REG13(nxm1(13, 4), 0, 32, Prereq.NONE, true),
    REG14(nxm1(14, 4), 0, 32, Prereq.NONE, true),
    REG15(nxm1(15, 4), 0, 32, Prereq.NONE, true),
    PKT_MARK(nxm1(33, 4), 0, 32, Prereq.NONE, true),
    CT_STATE(nxm1(105, 4), 0, 32, Prereq.NONE, false),
    CT_ZONE(nxm1(106, 2), 0, 16, Prereq.NONE, false),
    /** Written only inside ct's exec (checked there). */
    CT_MARK(nxm1(107, 4), 0, 32, Prereq.NONE, false),
    CT_LABEL(nxm1(108, 16), 0, 128, Prereq.NONE, false),
    METADATA(oxm(2, 8), 0, 64, Prereq.NONE, true);

    /** What a field needs the match (or the actions before it) to have established. */
    enum Prereq { NONE, VLAN, IP_ANY, IPV4, IPV6, ARP, TCP, UDP, SCTP, ICMPV4, ICMPV6, ND, ND_SOLICIT, ND_ADVERT }

    private static final Map<Long, OvsField> BY_HEADER = new HashMap<>();

    static {
        for (OvsField f : values()) {
            BY_HEADER.put(f.header, f);
            if (f.altHeader != 0) {
                BY_HEADER.put(f.altHeader, f);
            }
        }
    }

    /** Header without the mask bit, as kept in a stored match (and dumped). */
    final long header;
    /** Another header naming the same bits (NXM where {@link #header} is OXM), 0 if none. */
    final long altHeader;
    final int bits;
    final Prereq prereq;
    final boolean writable;

    OvsField(long header, long altHeader, int bits, Prereq prereq, boolean writable) {
        this.header = header;
        this.altHeader = altHeader;
        this.bits = bits;
        this.prereq = prereq;
        this.writable = writable;
    }

    /** Value length on the wire. */
    int bytes() {
        return (int) (header & 0xff);
    }

    /** The field an unmasked header names, or null. */
    static OvsField of(long unmaskedHeader) {
        return BY_HEADER.get(unmaskedHeader);
    }

    static long unmasked(long header) {
        return (header & 0x100) == 0 ? header : (header & ~0x1ffL) | ((header & 0xff) / 2);
    }

    private static long oxm(int field, int length) {
        return 0x8000L << 16 | (long) field << 9 | length;
    }

    private static long nxm0(int field, int length) {
        return (long) field << 9 | length;
    }

    private static long nxm1(int field, int length) {
        return 0x0001L << 16 | (long) field << 9 | length;
    }
}
