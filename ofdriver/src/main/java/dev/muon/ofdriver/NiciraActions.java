package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FieldFormat;
import dev.muon.pipeline.flow.Nat;
import dev.muon.pipeline.flow.Subfield;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The Nicira extension actions Loxi 3.2.1 cannot build or read correctly, encoded and decoded
 * here from their layout in Open vSwitch (lib/ofp-actions.c): each is an experimenter action
 * (type 0xffff, experimenter 0x00002320, a 16-bit subtype) padded to a multiple of 8 bytes.
 * Loxi has no conjunction, check_pkt_larger, output_reg, controller2 or reg_load2, and its
 * nat writes the address options without padding and reads all of them back as IPv4
 * addresses whatever range_present says; ct is read here too, since its nested actions hold
 * the nat.
 *
 * <p>A decoder returns empty for a form {@link Action} cannot hold exactly (a controller id, a
 * pause, a nat flag, an IPv6 range, a max_len on output_reg, ...); the caller then reads it as
 * {@link ActionConverter#UNSUPPORTED}.
 */
final class NiciraActions {
    static final long NX_VENDOR_ID = 0x00002320L;
    static final int OFPAT_EXPERIMENTER = 0xffff;

    // Subtypes (enum ofp_raw_action_type, NX1.0+ numbers).
    static final int REG_MOVE = 6;
    static final int REG_LOAD = 7;
    static final int RESUBMIT_TABLE = 14;
    static final int OUTPUT_REG = 15;
    static final int DEC_TTL = 18;
    static final int CONTROLLER = 20;
    static final int DEC_TTL_CNT_IDS = 21;
    static final int OUTPUT_REG2 = 32;
    static final int REG_LOAD2 = 33;
    static final int CONJUNCTION = 34;
    static final int CT = 35;
    static final int NAT = 36;
    static final int CONTROLLER2 = 37;
    static final int CT_CLEAR = 43;
    static final int CHECK_PKT_LARGER = 49;

    /** ct's recirc_table when the packet does not go back into the pipeline. */
    static final int CT_RECIRC_NONE = 0xff;
    static final int CT_F_COMMIT = 1;

    private static final int NAT_F_SRC = 1;
    private static final int NAT_F_DST = 2;
    private static final int NAT_RANGE_IPV4_MIN = 1;
    private static final int NAT_RANGE_IPV4_MAX = 2;
    private static final int NAT_RANGE_PROTO_MIN = 16;
    private static final int NAT_RANGE_PROTO_MAX = 32;

    private static final int CONTROLLER2_MAX_LEN = 0;
    private static final int CONTROLLER2_REASON = 2;
    private static final int CONTROLLER2_USERDATA = 3;
    /** ofp_packet_in_reason 0..5 by ovs-ofctl's names (ofputil_packet_in_reason_to_string). */
    static final List<String> REASONS = List.of("no_match", "action", "invalid_ttl", "action_set", "group", "packet_out");
    private static final int REASON_ACTION = 1;

    private NiciraActions() {
    }

    // --- encoding ---

    /** A new buffer holding the experimenter action header with {@code subtype}; finish with {@link #done}. */
    private static ByteBuf start(int subtype) {
        ByteBuf b = Unpooled.buffer(24);
        b.writeShort(OFPAT_EXPERIMENTER).writeShort(0).writeInt((int) NX_VENDOR_ID).writeShort(subtype);
        return b;
    }

    /** Pads to a multiple of 8 (at least {@code min} bytes) and fills in the length. */
    private static byte[] done(ByteBuf b, int min) {
        int len = Math.max(min, (b.readableBytes() + 7) / 8 * 8);
        b.writeZero(len - b.readableBytes());
        b.setShort(2, len);
        return ByteBufUtil.getBytes(b);
    }

    /** (ofs << 6) | (n_bits - 1), as reg_load and output_reg encode a subfield. */
    static int ofsNbits(Subfield s) {
        if (s.width() > 64) {
            throw new IllegalArgumentException(s.toOfctl() + " is wider than the 64 bits Nicira actions can address");
        }
        return s.start() << 6 | (s.width() - 1);
    }

    /** NXAST_OUTPUT_REG: output to the port number held in {@code src}, max_len 65535 as ovs-ofctl sets it. */
    static byte[] outputReg(Subfield src) {
        ByteBuf b = start(OUTPUT_REG);
        b.writeShort(ofsNbits(src)).writeInt((int) NxmHeaders.subfield(src.field())).writeShort(0xffff);
        return done(b, 24);
    }

    /** NXAST_CONJUNCTION; the wire clause counts from 0. */
    static byte[] conjunction(Action.Conjunction c) {
        ByteBuf b = start(CONJUNCTION);
        b.writeByte(c.clause() - 1).writeByte(c.clauses()).writeInt((int) c.id());
        return done(b, 16);
    }

    /** NXAST_CHECK_PKT_LARGER: pkt_len, the result bit's offset, then its field's header. */
    static byte[] checkPktLarger(Action.CheckPktLarger c) {
        if (c.length() < 0 || c.length() > 0xffff) {
            throw new IllegalArgumentException("invalid check_pkt_larger length " + c.length());
        }
        ByteBuf b = start(CHECK_PKT_LARGER);
        b.writeShort(c.length()).writeShort(c.dst().start()).writeInt((int) NxmHeaders.subfield(c.dst().field()));
        return done(b, 24);
    }

    /**
     * NXAST_CONTROLLER2 (ext_action_header, then properties) with only the properties Open
     * vSwitch itself writes for these values: max_len unless 65535, reason unless action,
     * userdata unless empty.
     */
    static byte[] controller2(Action.ControllerWithData c) {
        if (c.maxLen() < 0 || c.maxLen() > 0xffff) {
            throw new IllegalArgumentException("invalid controller max_len: " + c.maxLen());
        }
        int reason = REASONS.indexOf(c.reason());
        if (reason < 0) {
            throw new IllegalArgumentException("unknown packet-in reason '" + c.reason() + "' (one of " + REASONS + ")");
        }
        ByteBuf b = start(CONTROLLER2);
        b.writeZero(6);
        if (c.maxLen() != 0xffff) {
            // a 16-bit property has length 8, as OpenFlow gives them (ofpprop_put_be16)
            property(b, CONTROLLER2_MAX_LEN, new byte[] {(byte) (c.maxLen() >> 8), (byte) c.maxLen(), 0, 0});
        }
        if (reason != REASON_ACTION) {
            property(b, CONTROLLER2_REASON, new byte[] {(byte) reason});
        }
        if (!c.userdata().isEmpty()) {
            property(b, CONTROLLER2_USERDATA, HexFormat.ofDelimiter(".").parseHex(c.userdata()));
        }
        return done(b, 16);
    }

    private static void property(ByteBuf b, int type, byte[] value) {
        int start = b.writerIndex();
        b.writeShort(type).writeShort(4 + value.length).writeBytes(value);
        b.writeZero((b.writerIndex() - start + 7) / 8 * 8 - (b.writerIndex() - start));
    }

    /**
     * NXAST_NAT: flags (src or dst), then the options range_present announces, in order
     * (IPv4 min, IPv4 max, port min, port max), padded. Open vSwitch treats an address or port
     * 0 as absent, so those are refused rather than silently lost.
     */
    static byte[] nat(Nat n) {
        ByteBuf b = start(NAT);
        b.writeZero(2);
        int flags = n.kind() == null ? 0 : n.kind() == Nat.Kind.SRC ? NAT_F_SRC : NAT_F_DST;
        int present = 0;
        ByteBuf opts = Unpooled.buffer();
        if (n.ipMin() != null) {
            long min = ipv4(n.ipMin());
            present |= NAT_RANGE_IPV4_MIN;
            opts.writeInt((int) min);
            if (n.ipMax() != null) {
                long max = ipv4(n.ipMax());
                if (max < min) {
                    throw new IllegalArgumentException("nat address range ends before it starts: " + n.toOfctl());
                }
                present |= NAT_RANGE_IPV4_MAX;
                opts.writeInt((int) max);
            }
        } else if (n.ipMax() != null) {
            throw new IllegalArgumentException("nat address range without a start: " + n.toOfctl());
        }
        if (n.portMin() != null) {
            if (n.portMin() == 0) {
                throw new IllegalArgumentException("nat port 0 means no port range to Open vSwitch: " + n.toOfctl());
            }
            present |= NAT_RANGE_PROTO_MIN;
            opts.writeShort(n.portMin());
            if (n.portMax() != null) {
                present |= NAT_RANGE_PROTO_MAX;
                opts.writeShort(n.portMax());
            }
        } else if (n.portMax() != null) {
            throw new IllegalArgumentException("nat port range without a start: " + n.toOfctl());
        }
        b.writeShort(flags).writeShort(present).writeBytes(opts);
        return done(b, 16);
    }

    private static long ipv4(String text) {
        long v = FieldFormat.IPV4.parse(Field.IPV4_SRC, text).value().longValue();
        if (v == 0) {
            throw new IllegalArgumentException("nat address 0.0.0.0 means no address to Open vSwitch");
        }
        return v;
    }

    // --- decoding; b holds one whole action at [pos, pos + len) ---

    static Optional<Action> outputReg(ByteBuf b, int pos, int len) {
        if (len != 24 || !zero(b, pos + 18, pos + 24)) {
            return Optional.empty();
        }
        return subfield(b.getUnsignedInt(pos + 12), b.getUnsignedShort(pos + 10))
                .filter(s -> b.getUnsignedShort(pos + 16) == 0xffff)
                .map(Action.OutputReg::new);
    }

    static Optional<Action> outputReg2(ByteBuf b, int pos, int len) {
        if (len != 24 || !zero(b, pos + 18, pos + 24)) {
            return Optional.empty(); // an 8-byte experimenter OXM header is no catalogue field
        }
        return subfield(b.getUnsignedInt(pos + 14), b.getUnsignedShort(pos + 10))
                .filter(s -> b.getUnsignedShort(pos + 12) == 0xffff)
                .map(Action.OutputReg::new);
    }

    static Optional<Action> conjunction(ByteBuf b, int pos, int len) {
        if (len != 16) {
            return Optional.empty();
        }
        return attempt(() -> new Action.Conjunction(b.getUnsignedInt(pos + 12), b.getUnsignedByte(pos + 10) + 1,
                b.getUnsignedByte(pos + 11)));
    }

    static Optional<Action> checkPktLarger(ByteBuf b, int pos, int len) {
        if (len != 24 || !zero(b, pos + 18, pos + 24)) {
            return Optional.empty();
        }
        int length = b.getUnsignedShort(pos + 10);
        int offset = b.getUnsignedShort(pos + 12);
        return NxmHeaders.subfieldField(b.getUnsignedInt(pos + 14))
                .flatMap(f -> attempt(() -> new Action.CheckPktLarger(length, new Subfield(f, offset, offset))));
    }

    /** NXAST_CONTROLLER (reason, max_len, controller id): reason action is plain CONTROLLER:max_len. */
    static Optional<Action> controller(ByteBuf b, int pos, int len) {
        int maxLen = b.getUnsignedShort(pos + 10);
        int reason = b.getUnsignedByte(pos + 14);
        if (len != 16 || b.getUnsignedShort(pos + 12) != 0 || reason >= REASONS.size()) {
            return Optional.empty();
        }
        return Optional.of(reason == REASON_ACTION ? new Action.Controller(maxLen)
                : new Action.ControllerWithData(maxLen, REASONS.get(reason), ""));
    }

    static Optional<Action> controller2(ByteBuf b, int pos, int len) {
        if (!zero(b, pos + 10, pos + 16)) {
            return Optional.empty();
        }
        int maxLen = 0xffff;
        int reason = REASON_ACTION;
        String userdata = "";
        int p = pos + 16;
        int end = pos + len;
        while (p + 4 <= end) {
            int type = b.getUnsignedShort(p);
            int plen = b.getUnsignedShort(p + 2);
            if (plen < 4 || p + plen > end) {
                return Optional.empty();
            }
            switch (type) {
                case CONTROLLER2_MAX_LEN -> {
                    if (plen < 6) return Optional.empty();
                    maxLen = b.getUnsignedShort(p + 4);
                }
                case CONTROLLER2_REASON -> {
                    if (plen < 5) return Optional.empty();
                    reason = b.getUnsignedByte(p + 4);
                }
                case CONTROLLER2_USERDATA -> userdata = HexFormat.ofDelimiter(".").formatHex(ByteBufUtil.getBytes(b, p + 4, plen - 4));
                default -> {
                    return Optional.empty(); // controller id, pause, meter: not in Action.ControllerWithData
                }
            }
            p += (plen + 7) / 8 * 8;
        }
        if (reason >= REASONS.size()) {
            return Optional.empty();
        }
        int ml = maxLen;
        String ud = userdata;
        String r = REASONS.get(reason);
        return attempt(() -> new Action.ControllerWithData(ml, r, ud));
    }

    /** NXAST_REG_LOAD2: one OXM entry, its mask (if any) one run of at most 64 bits. */
    static Optional<Action> regLoad2(ByteBuf b, int pos, int len) {
        Oxm.Entry e = Oxm.read(b, pos + 10, pos + len);
        if (e == null || !zero(b, pos + 10 + e.length(), pos + len)) {
            return Optional.empty();
        }
        Optional<Field> field = NxmHeaders.subfieldField(e.header());
        if (field.isEmpty()) {
            return Optional.empty();
        }
        Field f = field.get();
        BigInteger mask = e.mask() == null ? FieldFormat.ones(f.bits()) : e.mask();
        if (mask.signum() == 0) {
            return Optional.empty();
        }
        int start = mask.getLowestSetBit();
        int width = mask.bitLength() - start;
        if (width > 64 || !mask.shiftRight(start).equals(FieldFormat.ones(width)) || !e.value().and(mask.not()).equals(BigInteger.ZERO)) {
            return Optional.empty();
        }
        long value = e.value().shiftRight(start).longValue();
        return attempt(() -> new Action.Load(new Subfield(f, start, start + width - 1), value));
    }

    /** NXAST_DEC_TTL_CNT_IDS naming only controller 0 is plain dec_ttl. */
    static Optional<Action> decTtlCntIds(ByteBuf b, int pos, int len) {
        if (len >= 18 && b.getUnsignedShort(pos + 10) == 1 && b.getUnsignedShort(pos + 16) == 0) {
            return Optional.of(new Action.DecTtl());
        }
        return Optional.empty();
    }

    /** NXAST_NAT, as the first action inside ct. */
    static Optional<Nat> nat(ByteBuf b, int pos, int len) {
        int flags = b.getUnsignedShort(pos + 12);
        int present = b.getUnsignedShort(pos + 14);
        if ((flags & ~(NAT_F_SRC | NAT_F_DST)) != 0 || flags == (NAT_F_SRC | NAT_F_DST)
                || (present & ~(NAT_RANGE_IPV4_MIN | NAT_RANGE_IPV4_MAX | NAT_RANGE_PROTO_MIN | NAT_RANGE_PROTO_MAX)) != 0) {
            return Optional.empty(); // persistent, hash, random; IPv6 ranges
        }
        int p = pos + 16;
        int end = pos + len;
        String ipMin = null;
        String ipMax = null;
        Integer portMin = null;
        Integer portMax = null;
        if ((present & NAT_RANGE_IPV4_MIN) != 0) {
            if (p + 4 > end) return Optional.empty();
            ipMin = FieldFormat.IPV4.text(Field.IPV4_SRC, b.getUnsignedInt(p));
            p += 4;
        }
        if ((present & NAT_RANGE_IPV4_MAX) != 0) {
            if (p + 4 > end) return Optional.empty();
            ipMax = FieldFormat.IPV4.text(Field.IPV4_SRC, b.getUnsignedInt(p));
            p += 4;
        }
        if ((present & NAT_RANGE_PROTO_MIN) != 0) {
            if (p + 2 > end) return Optional.empty();
            portMin = b.getUnsignedShort(p);
            p += 2;
        }
        if ((present & NAT_RANGE_PROTO_MAX) != 0) {
            if (p + 2 > end) return Optional.empty();
            portMax = b.getUnsignedShort(p);
            p += 2;
        }
        Nat.Kind kind = flags == NAT_F_SRC ? Nat.Kind.SRC : flags == NAT_F_DST ? Nat.Kind.DST : null;
        String a = ipMin;
        String z = ipMax;
        Integer pa = portMin;
        Integer pz = portMax;
        try {
            return Optional.of(new Nat(kind, a, z, pa, pz));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Bits {@code ofs_nbits} names of the field {@code header} names. */
    static Optional<Subfield> subfield(long header, int ofsNbits) {
        int ofs = ofsNbits >>> 6;
        int nBits = (ofsNbits & 0x3f) + 1;
        return NxmHeaders.subfieldField(header).flatMap(f -> attemptSubfield(f, ofs, ofs + nBits - 1));
    }

    static Optional<Subfield> attemptSubfield(Field f, int start, int end) {
        try {
            return Optional.of(new Subfield(f, start, end));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // bits outside the catalogue's field (NXM_OF_VLAN_TCI's PCP bits)
        }
    }

    static boolean zero(ByteBuf b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b.getByte(i) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The action {@code make} builds, or empty if its record refuses the values. */
    static Optional<Action> attempt(java.util.function.Supplier<Action> make) {
        try {
            return Optional.of(make.get());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
