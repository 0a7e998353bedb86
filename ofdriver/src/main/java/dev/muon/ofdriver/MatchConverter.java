package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FieldFormat.Bits;
import dev.muon.pipeline.flow.Match;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactory;

/**
 * Muon {@link Match} ⇄ OpenFlow 1.3/1.4 {@code ofp_match}, as a loop over the field catalogue:
 * each field is one OXM entry with the header Open vSwitch itself uses for it
 * ({@link NxmHeaders#match}) and the bits its {@link dev.muon.pipeline.flow.FieldFormat} gives.
 * Nothing here names a field, so a new catalogue field converts without a change here. (Loxi's
 * typed match would need a per-field value type, and has no NXM_NX_IP_TTL at all; the driver
 * hands Loxi's flow-mod the encoded match as a {@link WireMatch}.)
 *
 * <p>The reconciler diffs what it reads back against what it computed, so a match must come
 * back from Open vSwitch exactly as it was written. Open vSwitch normalises what it stores
 * (masked-off bits cleared, an all-ones mask dropped, an all-zero mask meaning no match);
 * {@link Match} already refuses such values when it is built, and {@link #toWire} refuses,
 * naming the field, anything that would still not be written back as the same text.
 *
 * <p>{@link #fromWire} returns empty for a match that uses anything {@link Match} cannot hold:
 * an unknown header, a mask the field's format cannot write, a value outside the field; the
 * caller then keeps the raw bytes (see {@link RawMatch}).
 */
final class MatchConverter {
    static final int OFPMT_OXM = 1;

    /**
     * Open vSwitch checks each entry's prerequisites against the entries before it, so the
     * fields others depend on go first: eth_type, then ip_proto, then the ICMP types (nd_target
     * needs icmpv6_type); the rest in catalogue order.
     */
    private static final Comparator<Field> WIRE_ORDER = Comparator.comparingInt((Field f) -> switch (f) {
        case ETH_TYPE -> 0;
        case IP_PROTO -> 1;
        case ICMPV4_TYPE, ICMPV6_TYPE -> 2;
        default -> 3;
    }).thenComparingInt(Field::ordinal);

    private MatchConverter() {
    }

    /** The match for a flow-mod; a {@link RawMatch} is repeated byte for byte (a delete of a foreign flow). */
    static WireMatch toLoxi(OFFactory factory, Match m) {
        return new WireMatch(factory.getVersion(), RawMatch.bytes(m).orElseGet(() -> toWire(m)));
    }

    /** The wire {@code ofp_match} (OXM type, length, entries) without trailing padding. */
    static byte[] toWire(Match m) {
        if (m.foreign() != null) {
            throw new IllegalArgumentException("cannot encode a foreign match: " + m);
        }
        ByteBuf b = Unpooled.buffer();
        b.writeShort(OFPMT_OXM).writeShort(0);
        List<Map.Entry<Field, String>> entries = new ArrayList<>(m.entries().entrySet());
        entries.sort(Map.Entry.comparingByKey(WIRE_ORDER));
        for (Map.Entry<Field, String> e : entries) {
            Field f = e.getKey();
            // a Match holds only canonical values (checked when it was built), so plain parsing is enough
            Bits bits = f.format().parse(f, e.getValue());
            if (!bits.exact(f.bits()) && !f.maskable()) {
                throw new IllegalArgumentException(f.matchName() + " cannot be masked: " + e.getValue());
            }
            Oxm.write(b, NxmHeaders.match(f), f, bits);
        }
        b.setShort(2, b.readableBytes());
        return ByteBufUtil.getBytes(b);
    }

    /**
     * The Muon match for the OXM entries in {@code [pos, end)}, or empty if any of them has no
     * place in {@link Match}.
     */
    static Optional<Match> fromOxms(ByteBuf b, int pos, int end) {
        Match.Builder m = Match.builder();
        List<Field> seen = new ArrayList<>();
        while (pos < end) {
            Oxm.Entry e = Oxm.read(b, pos, end);
            if (e == null) {
                return Optional.empty();
            }
            Optional<Field> field = NxmHeaders.matchField(e.header());
            if (field.isEmpty() || seen.contains(field.get())) {
                return Optional.empty();
            }
            Field f = field.get();
            Optional<String> text = Oxm.bits(f, e).flatMap(bits -> Oxm.text(f, bits));
            if (text.isEmpty()) {
                return Optional.empty();
            }
            m.set(f, text.get());
            seen.add(f);
            pos += e.length();
        }
        try {
            return Optional.of(m.build());
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // not canonical after all, or a prerequisite Muon requires is missing
        }
    }

    /** The Muon match for a wire {@code ofp_match} (without padding), or empty. */
    static Optional<Match> fromWire(byte[] ofpMatch) {
        ByteBuf b = Unpooled.wrappedBuffer(ofpMatch);
        if (ofpMatch.length < 4 || b.getUnsignedShort(0) != OFPMT_OXM || b.getUnsignedShort(2) != ofpMatch.length) {
            return Optional.empty();
        }
        return fromOxms(b, 4, ofpMatch.length);
    }
}
