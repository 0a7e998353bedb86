package dev.muon.pipeline.flow;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One copy of what many matches spell the same: the numbers, VLANs and flags of their values
 * ({@code 0x0800}, {@code 17}, {@code 0x2} in reg5, ...: a million flows hold a few thousand
 * distinct ones, each otherwise its own String) and the list of fields they constrain (a few
 * dozen layouts). Addresses are left alone: they come from the model, already shared with it,
 * and remembering them would keep every address ever seen.
 */
final class SharedSpellings {
    /** A bound against a pathological compile: past it, values are simply not shared. */
    private static final int MAX_VALUES = 1 << 20;
    private static final ConcurrentHashMap<String, String> VALUES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, Field[]> LAYOUTS = new ConcurrentHashMap<>();

    static {
        if (Field.values().length > Long.SIZE) {
            throw new IllegalStateException("a layout key holds one bit per field: at most 64 fields");
        }
    }

    private SharedSpellings() {
    }

    static String value(Field field, String text) {
        switch (field.format()) {
            case MAC, IPV4, IPV6:
                return text;
            default:
                String shared = VALUES.get(text);
                if (shared != null) {
                    return shared;
                }
                if (VALUES.size() < MAX_VALUES) {
                    shared = VALUES.putIfAbsent(text, text);
                }
                return shared == null ? text : shared;
        }
    }

    /** The one array of {@code fields} (never written after this), keyed by their ordinals. */
    static Field[] layout(Field[] fields) {
        long key = 0;
        for (Field f : fields) {
            key |= 1L << f.ordinal();
        }
        Field[] shared = LAYOUTS.putIfAbsent(key, fields);
        return shared == null ? fields : shared;
    }
}
