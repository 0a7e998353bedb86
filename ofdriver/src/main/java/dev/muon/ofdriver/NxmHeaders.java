package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Field;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The 32-bit OXM/NXM headers (class, field, hasmask, length) of the field catalogue, as Open
 * vSwitch writes them over OpenFlow 1.3 and 1.4, so that what Muon sends comes back with the
 * same header. All tables are derived from {@link Field}: a new catalogue field needs nothing here.
 *
 * <ul>
 * <li>In a match and in set_field Open vSwitch uses the field's OpenFlow-basic header where it
 *     has one, else its NXM header ({@code mf_oxm_header} for 1.3). in_port is the exception in
 *     set_field: OpenFlow forbids setting OXM_OF_IN_PORT, so Open vSwitch takes the 16-bit
 *     NXM_OF_IN_PORT there ({@link #SET_IN_PORT}).</li>
 * <li>Where a field is named by bits (reg_move, reg_load, output_reg, ct zone,
 *     check_pkt_larger) Open vSwitch uses the NXM header ({@code nxm_header_from_mff}), or the
 *     OXM one for a field whose NXM header is narrower than the catalogue's field (in_port:
 *     NXM_OF_IN_PORT has 16 bits, the catalogue's in_port 32). Reading, either is accepted.</li>
 * </ul>
 */
final class NxmHeaders {
    static final int NXM_OF = 0x0000;
    static final int NXM_NX = 0x0001;
    static final int OPENFLOW_BASIC = 0x8000;
    /** NXM_OF_IN_PORT: the 16-bit in_port, the only in_port set_field may write. */
    static final long SET_IN_PORT = Field.IN_PORT.nxmHeader();

    private static final Map<Field, Long> MATCH = new EnumMap<>(Field.class);
    private static final Map<Long, Field> BY_MATCH_HEADER = new HashMap<>();
    private static final Map<Field, Long> SUBFIELD = new EnumMap<>(Field.class);
    private static final Map<Long, Field> BY_SUBFIELD_HEADER = new HashMap<>();

    static {
        for (Field f : Field.values()) {
            long match = f.oxmHeader() != 0 ? f.oxmHeader() : f.nxmHeader();
            MATCH.put(f, match);
            put(BY_MATCH_HEADER, match, f);
            boolean nxmWideEnough = f.nxmHeader() != 0 && length(f.nxmHeader()) * 8 >= f.bits();
            long sub = nxmWideEnough ? f.nxmHeader() : f.oxmHeader();
            if (sub == 0) {
                throw new IllegalStateException(f + " has no header wide enough to name its bits");
            }
            SUBFIELD.put(f, sub);
            put(BY_SUBFIELD_HEADER, sub, f);
            if (f.oxmHeader() != 0 && f.oxmHeader() != sub) {
                put(BY_SUBFIELD_HEADER, f.oxmHeader(), f);
            }
        }
    }

    private NxmHeaders() {
    }

    private static void put(Map<Long, Field> m, long header, Field f) {
        Field before = m.put(header, f);
        if (before != null) {
            throw new IllegalStateException("header 0x" + Long.toHexString(header) + " names both " + before + " and " + f);
        }
    }

    /** The header of {@code f} in a match or set_field (without the mask bit). */
    static long match(Field f) {
        return MATCH.get(f);
    }

    /** The field a match or set_field header names (the mask bit and a doubled length ignored). */
    static Optional<Field> matchField(long header) {
        return Optional.ofNullable(BY_MATCH_HEADER.get(unmasked(header)));
    }

    /** The header that names bits of {@code f} in reg_move, reg_load, output_reg, ct and check_pkt_larger. */
    static long subfield(Field f) {
        return SUBFIELD.get(f);
    }

    static Optional<Field> subfieldField(long header) {
        return Optional.ofNullable(BY_SUBFIELD_HEADER.get(header));
    }

    /** The payload length of an unmasked header (the value's bytes). */
    static int length(long header) {
        return (int) (header & 0xff);
    }

    static boolean hasMask(long header) {
        return (header & 0x100) != 0;
    }

    /** {@code header} as it is written for a value without a mask: hasmask clear, the value's length. */
    static long unmasked(long header) {
        if (!hasMask(header)) {
            return header;
        }
        return (header & ~0x1ffL) | (length(header) / 2);
    }

    /** {@code header} with hasmask set and room for value and mask. */
    static long masked(long header) {
        return (header & ~0xffL) | 0x100 | (length(header) * 2L);
    }
}
