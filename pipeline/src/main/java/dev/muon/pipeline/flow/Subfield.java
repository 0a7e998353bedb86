package dev.muon.pipeline.flow;

/**
 * Bits {@code start..end} (inclusive) of a field, as Nicira's move/load/output_reg name them:
 * {@code NXM_NX_REG6[0..15]}, {@code NXM_NX_REG0[5]}, or {@code NXM_OF_ETH_SRC[]} for all of it.
 */
public record Subfield(Field field, int start, int end) {

    public Subfield {
        if (start < 0 || end < start || end >= field.bits()) {
            throw new IllegalArgumentException("bits " + start + ".." + end + " are not inside " + field.nxmName()
                    + " (" + field.bits() + " bits)");
        }
    }

    /** Shared: a desired state holds hundreds of thousands of loads, moves and output_regs of a few subfields. */
    private static final Subfield[] WHOLE = java.util.Arrays.stream(Field.values())
            .map(f -> new Subfield(f, 0, f.bits() - 1)).toArray(Subfield[]::new);
    private static final java.util.concurrent.ConcurrentHashMap<Integer, Subfield> PARTS =
            new java.util.concurrent.ConcurrentHashMap<>();

    public static Subfield whole(Field field) {
        return WHOLE[field.ordinal()];
    }

    public static Subfield bits(Field field, int start, int end) {
        if (start < 0 || end < start || end > 127) {
            return new Subfield(field, start, end);   // refused by the constructor
        }
        return PARTS.computeIfAbsent(field.ordinal() << 14 | start << 7 | end, k -> new Subfield(field, start, end));
    }

    public int width() {
        return end - start + 1;
    }

    public boolean isWhole() {
        return start == 0 && end == field.bits() - 1;
    }

    public String toOfctl() {
        String range = isWhole() ? "" : start == end ? Integer.toString(start) : start + ".." + end;
        return field.nxmName() + "[" + range + "]";
    }
}
