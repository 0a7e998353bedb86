package dev.muon.simulator.openflow;

import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A flow's match as Open vSwitch keeps it: OXM entries normalised the way OVS normalises them
 * (an all-ones mask made exact, an all-zero mask dropped, the Nicira header of a field replaced
 * by its OpenFlow-basic one, NXM's 16-bit in_port widened), in the order OVS writes a match. Two
 * matches that mean the same are therefore equal byte for byte, which makes the bytes the
 * flow table's key; only these bytes are stored per flow, and equal ones only once.
 */
final class FlowMatch {
    static final int OFPMT_OXM = 1;
    static final FlowMatch ANY = new FlowMatch(new byte[0]);
    /** Equal matches share one copy across every switch of the JVM (the nodes of a bench install much the same flows). */
    private static final Interner<FlowMatch> INTERNER = Interners.newWeakInterner();
    /** Fields Open vSwitch refuses to match with a mask. */
    private static final Set<OvsField> EXACT_ONLY = EnumSet.of(OvsField.IN_PORT, OvsField.ETH_TYPE, OvsField.IP_PROTO,
            OvsField.ICMPV4_TYPE, OvsField.ICMPV4_CODE, OvsField.ICMPV6_TYPE, OvsField.ICMPV6_CODE, OvsField.ARP_OP,
            OvsField.NW_TTL, OvsField.CT_ZONE, OvsField.CONJ_ID, OvsField.VLAN_PCP, OvsField.IP_DSCP, OvsField.IP_ECN);

    /** One entry; {@code mask} null when exact. */
    record Entry(OvsField field, byte[] value, byte[] mask) {
        long longValue() {
            return toLong(value);
        }

        long longMask() {
            return mask == null ? -1L : toLong(mask);
        }
    }

    private final byte[] oxms;
    private final int hash;

    private FlowMatch(byte[] oxms) {
        this.oxms = oxms;
        this.hash = Arrays.hashCode(oxms);
    }

    /**
     * Parses the {@code ofp_match} at {@code at} (its length field says how long, padding
     * excluded), checking it as Open vSwitch does: known fields, no duplicates, masks where
     * allowed, values within the field, each field's prerequisites met by the entries before it.
     */
    static FlowMatch parse(ByteBuf b, int at, int end) {
        if (at + 4 > end) {
            throw OfError.badMatchLen("match truncated");
        }
        if (b.getUnsignedShort(at) != OFPMT_OXM) {
            throw OfError.badMatchType("match type " + b.getUnsignedShort(at));
        }
        int length = b.getUnsignedShort(at + 2);
        if (length < 4 || at + length > end) {
            throw OfError.badMatchLen("match length " + length);
        }
        List<Entry> entries = new ArrayList<>();
        EnumSet<OvsField> seen = EnumSet.noneOf(OvsField.class);
        PacketShape shape = new PacketShape();
        int pos = at + 4;
        int stop = at + length;
        while (pos < stop) {
            if (pos + 4 > stop) {
                throw OfError.badMatchLen("truncated OXM header");
            }
            long header = b.getUnsignedInt(pos);
            boolean masked = (header & 0x100) != 0;
            int payload = (int) (header & 0xff);
            if (pos + 4 + payload > stop || (masked && payload % 2 != 0)) {
                throw OfError.badMatchLen(String.format("OXM 0x%08x truncated", header));
            }
            long plain = OvsField.unmasked(header);
            OvsField f = OvsField.of(plain);
            if (f == null) {
                throw OfError.badField(String.format("unknown OXM 0x%08x", header));
            }
            int n = masked ? payload / 2 : payload;
            byte[] value = new byte[n];
            b.getBytes(pos + 4, value);
            byte[] mask = null;
            if (masked) {
                mask = new byte[n];
                b.getBytes(pos + 4 + n, mask);
            }
            pos += 4 + payload;
            if (!seen.add(f)) {
                throw OfError.dupField(f + " twice");
            }
            if (mask != null && EXACT_ONLY.contains(f)) {
                throw OfError.badMask(f + " cannot be masked");
            }
            if (plain == OvsField.IN_PORT.altHeader) {
                value = inPort32(toLong(value));
            }
            if (!fits(value, f.bits) || (mask != null && !fits(mask, f.bits))) {
                throw OfError.badValue(f + " value wider than " + f.bits + " bits");
            }
            if (mask != null && !within(value, mask)) {
                throw new OfError(OfError.BAD_MATCH, 5, f + " value has bits the mask leaves out"); // BAD_WILDCARDS
            }
            if (!shape.satisfies(f.prereq)) {
                throw OfError.badPrereq(f + " without its prerequisites");
            }
            Entry e = normalise(f, value, mask);
            if (e != null) {
                entries.add(e);
                shape.learn(f, e.longValue(), e.longMask());
            }
        }
        return of(entries);
    }

    static FlowMatch of(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(e -> e.field().ordinal()));
        ByteBuf out = Unpooled.buffer();
        for (Entry e : sorted) {
            long header = e.field().header;
            if (e.mask() != null) {
                header = (header & ~0xffL) | 0x100 | (e.value().length * 2L);
            }
            out.writeInt((int) header).writeBytes(e.value());
            if (e.mask() != null) {
                out.writeBytes(e.mask());
            }
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes.length == 0 ? ANY : INTERNER.intern(new FlowMatch(bytes));
    }

    /** OVS: an all-ones mask is exact, an all-zero mask no match at all (value bits outside the mask are refused before). */
    private static Entry normalise(OvsField f, byte[] value, byte[] mask) {
        if (mask == null) {
            return new Entry(f, value, null);
        }
        boolean zero = true;
        boolean ones = true;
        byte[] fieldOnes = ones(value.length, f.bits);
        for (int i = 0; i < value.length; i++) {
            mask[i] &= fieldOnes[i];
            value[i] &= mask[i];
            zero &= mask[i] == 0;
            ones &= mask[i] == fieldOnes[i];
        }
        if (zero) {
            return null;
        }
        return new Entry(f, value, ones ? null : mask);
    }

    /** NXM_OF_IN_PORT's 16-bit number as OXM_OF_IN_PORT's 32 bits (reserved ports 0xff00.. → 0xffffff00..). */
    private static byte[] inPort32(long port16) {
        long p = port16 < 0xff00 ? port16 : port16 + 0xffff0000L;
        return new byte[] {(byte) (p >>> 24), (byte) (p >>> 16), (byte) (p >>> 8), (byte) p};
    }

    private static boolean within(byte[] value, byte[] mask) {
        for (int i = 0; i < value.length; i++) {
            if ((value[i] & ~mask[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(byte[] v, int bits) {
        byte[] ones = ones(v.length, bits);
        for (int i = 0; i < v.length; i++) {
            if ((v[i] & ~ones[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ones(int n, int bits) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int bitFromRight = (n - 1 - i) * 8;
            int left = bits - bitFromRight;
            out[i] = (byte) (left >= 8 ? 0xff : left <= 0 ? 0 : (1 << left) - 1);
        }
        return out;
    }

    static long toLong(byte[] v) {
        long x = 0;
        for (int i = Math.max(0, v.length - 8); i < v.length; i++) {
            x = x << 8 | (v[i] & 0xff);
        }
        return x;
    }

    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        int pos = 0;
        while (pos < oxms.length) {
            long header = (oxms[pos] & 0xffL) << 24 | (oxms[pos + 1] & 0xffL) << 16 | (oxms[pos + 2] & 0xffL) << 8 | (oxms[pos + 3] & 0xffL);
            boolean masked = (header & 0x100) != 0;
            int payload = (int) (header & 0xff);
            int n = masked ? payload / 2 : payload;
            byte[] value = Arrays.copyOfRange(oxms, pos + 4, pos + 4 + n);
            byte[] mask = masked ? Arrays.copyOfRange(oxms, pos + 4 + n, pos + 4 + 2 * n) : null;
            out.add(new Entry(OvsField.of(OvsField.unmasked(header)), value, mask));
            pos += 4 + payload;
        }
        return out;
    }

    /** What the match establishes for the actions' prerequisite checks. */
    PacketShape shape() {
        PacketShape s = new PacketShape();
        for (Entry e : entries()) {
            s.learn(e.field(), e.longValue(), e.longMask());
        }
        return s;
    }

    /**
     * Whether every packet {@code flow} matches also matches this one, i.e. this match, used by
     * a non-strict modify, delete or stats request, selects {@code flow}.
     */
    boolean covers(FlowMatch flow) {
        if (oxms.length == 0) {
            return true;
        }
        List<Entry> theirs = flow.entries();
        outer:
        for (Entry mine : entries()) {
            for (Entry t : theirs) {
                if (t.field() == mine.field()) {
                    for (int i = 0; i < mine.value().length; i++) {
                        int m = mine.mask() == null ? 0xff : mine.mask()[i] & 0xff;
                        int tm = t.mask() == null ? 0xff : t.mask()[i] & 0xff;
                        if ((m & ~tm) != 0 || (t.value()[i] & m) != (mine.value()[i] & 0xff)) {
                            return false;
                        }
                    }
                    continue outer;
                }
            }
            return false;
        }
        return true;
    }

    /** Whether some packet matches both (no field they share tells them apart). */
    boolean overlaps(FlowMatch other) {
        List<Entry> theirs = other.entries();
        for (Entry mine : entries()) {
            for (Entry t : theirs) {
                if (t.field() == mine.field()) {
                    for (int i = 0; i < mine.value().length; i++) {
                        int m = mine.mask() == null ? 0xff : mine.mask()[i] & 0xff;
                        int tm = t.mask() == null ? 0xff : t.mask()[i] & 0xff;
                        if (((mine.value()[i] ^ t.value()[i]) & m & tm) != 0) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** The {@code ofp_match} with its padding. */
    void writeTo(ByteBuf out) {
        int length = 4 + oxms.length;
        out.writeShort(OFPMT_OXM).writeShort(length).writeBytes(oxms);
        out.writeZero((length + 7) / 8 * 8 - length);
    }

    /** Bytes {@link #writeTo} writes. */
    int paddedLength() {
        return (4 + oxms.length + 7) / 8 * 8;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowMatch m && hash == m.hash && Arrays.equals(oxms, m.oxms);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Entry e : entries()) {
            s.append(s.isEmpty() ? "" : ",").append(e.field().name().toLowerCase()).append("=0x")
                    .append(java.util.HexFormat.of().formatHex(e.value()));
            if (e.mask() != null) {
                s.append("/0x").append(java.util.HexFormat.of().formatHex(e.mask()));
            }
        }
        return s.isEmpty() ? "any" : s.toString();
    }
}
