package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FieldFormat;
import dev.muon.pipeline.flow.FieldFormat.Bits;
import io.netty.buffer.ByteBuf;
import java.math.BigInteger;
import java.util.Optional;

/**
 * One OXM/NXM entry of a catalogue field on the wire: the 32-bit header, the value big-endian
 * in the header's length, then the mask when the header says so. The bits come from and go to
 * {@link FieldFormat}, so every field converts the same way whatever its format; Loxi's typed
 * values are not involved (and Loxi does not know every catalogue field: NXM_NX_IP_TTL).
 */
final class Oxm {
    private Oxm() {
    }

    /** One entry read from the wire; {@code header} without the mask bit, {@code mask} null when exact. */
    record Entry(long header, BigInteger value, BigInteger mask, int length) {
    }

    /**
     * Writes {@code b} of {@code field} under {@code header} (an unmasked header; the mask bit and
     * the mask are added when {@code b} is not exact).
     */
    static void write(ByteBuf out, long header, Field field, Bits b) {
        int n = NxmHeaders.length(header);
        boolean masked = !b.exact(field.bits());
        out.writeInt((int) (masked ? NxmHeaders.masked(header) : header));
        writeNumber(out, field, b.value(), n);
        if (masked) {
            writeNumber(out, field, b.mask(), n);
        }
    }

    /** The entry at {@code pos}, or null if it does not fit before {@code end}. */
    static Entry read(ByteBuf b, int pos, int end) {
        if (pos + 4 > end) {
            return null;
        }
        long header = b.getUnsignedInt(pos);
        int payload = NxmHeaders.length(header);
        int total = 4 + payload;
        boolean masked = NxmHeaders.hasMask(header);
        if (pos + total > end || (masked && payload % 2 != 0)) {
            return null;
        }
        int n = masked ? payload / 2 : payload;
        BigInteger value = number(b, pos + 4, n);
        BigInteger mask = masked ? number(b, pos + 4 + n, n) : null;
        return new Entry(NxmHeaders.unmasked(header), value, mask, total);
    }

    /** The entry's bits as {@code field}'s, or empty if they do not fit its width. */
    static Optional<Bits> bits(Field field, Entry e) {
        BigInteger mask = e.mask() == null ? FieldFormat.ones(field.bits()) : e.mask();
        if (e.value().bitLength() > field.bits() || mask.bitLength() > field.bits()) {
            return Optional.empty();
        }
        return Optional.of(new Bits(e.value(), mask));
    }

    /**
     * {@code b} written as ovs-ofctl prints it, or empty when that text would stand for other
     * bits (a mask the format cannot write, flags it does not name): such a value cannot be
     * read back as itself, so it has no place in a Muon match or action.
     */
    static Optional<String> text(Field field, Bits b) {
        try {
            String t = field.format().text(field, b);
            return field.format().parse(field, t).equals(b) ? Optional.of(t) : Optional.empty();
        } catch (IllegalArgumentException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /**
     * The bits {@code text} stands for, refusing (naming the field) a value that would not be
     * written back as the same text.
     */
    static Bits parse(Field field, String text) {
        Bits b;
        try {
            b = field.format().parse(field, text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + field.matchName() + " value '" + text + "': " + e.getMessage(), e);
        }
        if (!text(field, b).map(text::equals).orElse(false)) {
            throw new IllegalArgumentException(field.matchName() + " '" + text + "' would not read back as written");
        }
        return b;
    }

    private static void writeNumber(ByteBuf out, Field field, BigInteger v, int n) {
        if (v.signum() < 0 || v.bitLength() > 8 * n) {
            throw new IllegalArgumentException(field.matchName() + ": 0x" + v.toString(16) + " does not fit " + n + " bytes");
        }
        byte[] raw = v.toByteArray();
        int skip = Math.max(0, raw.length - n); // a leading sign byte
        out.writeZero(n - (raw.length - skip));
        out.writeBytes(raw, skip, raw.length - skip);
    }

    private static BigInteger number(ByteBuf b, int pos, int n) {
        byte[] raw = new byte[n];
        b.getBytes(pos, raw);
        return new BigInteger(1, raw);
    }
}
