package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Action;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The 32-bit NXM/OXM headers (class, field, length) that name the fields of Nicira's
 * reg_move. Muon writes the NXM header, as ovs-ofctl does; reading back, it accepts either
 * form, since the switch chooses which one to encode.
 */
final class NxmHeaders {
    private static final int NXM_OF = 0x0000;
    private static final int NXM_NX = 0x0001;
    private static final int OPENFLOW_BASIC = 0x8000;

    private static final Map<Action.Field, Long> NXM = new EnumMap<>(Action.Field.class);
    private static final Map<Long, Action.Field> BY_HEADER = new HashMap<>();

    static {
        add(Action.Field.ETH_DST, header(NXM_OF, 1, 6), header(OPENFLOW_BASIC, 3, 6));
        add(Action.Field.ETH_SRC, header(NXM_OF, 2, 6), header(OPENFLOW_BASIC, 4, 6));
        add(Action.Field.ARP_OP, header(NXM_OF, 15, 2), header(OPENFLOW_BASIC, 21, 2));
        add(Action.Field.ARP_SPA, header(NXM_OF, 16, 4), header(OPENFLOW_BASIC, 22, 4));
        add(Action.Field.ARP_TPA, header(NXM_OF, 17, 4), header(OPENFLOW_BASIC, 23, 4));
        add(Action.Field.ARP_SHA, header(NXM_NX, 17, 6), header(OPENFLOW_BASIC, 24, 6));
        add(Action.Field.ARP_THA, header(NXM_NX, 18, 6), header(OPENFLOW_BASIC, 25, 6));
        if (NXM.size() != Action.Field.values().length) {
            throw new IllegalStateException("an Action.Field has no NXM header");
        }
    }

    private NxmHeaders() {
    }

    static long of(Action.Field field) {
        return NXM.get(field);
    }

    static Optional<Action.Field> field(long header) {
        return Optional.ofNullable(BY_HEADER.get(header));
    }

    private static void add(Action.Field f, long nxm, long oxm) {
        NXM.put(f, nxm);
        BY_HEADER.put(nxm, f);
        BY_HEADER.put(oxm, f);
    }

    /** class(16) | field(7) | hasmask(1) | length(8), without a mask. */
    private static long header(int oxmClass, int field, int length) {
        return ((long) oxmClass << 16) | ((long) field << 9) | length;
    }
}
