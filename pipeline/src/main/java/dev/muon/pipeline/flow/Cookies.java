package dev.muon.pipeline.flow;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Flow cookies: {@code 0x4d75} ("Mu") in the top 16 bits marks a Muon flow, the next 8
 * bits say what kind of logical object produced it, the low 40 bits are a hash of that
 * object's id. The compiler also records cookie → object so flows can be explained.
 */
public final class Cookies {
    public static final long MUON_TAG = 0x4d75L << 48;

    /** The kinds of logical object a flow can belong to. */
    public enum Kind {
        PIPELINE(1), NETWORK(2), PORT(3), NODE(4), ROUTER(5), FLOATING_IP(6), SECURITY_GROUP(7), SECURITY_GROUP_RULE(8),
        ADDRESS_GROUP(9);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    private Cookies() {
    }

    /** Whether {@code cookie} is one of Muon's and names an object of {@code kind}. */
    public static boolean isKind(long cookie, Kind kind) {
        return (cookie & (0xffffL << 48)) == MUON_TAG && ((cookie >>> 40) & 0xff) == kind.code;
    }

    public static long of(Kind kind, String objectId) {
        CRC32 crc = new CRC32();
        crc.update(objectId.getBytes(StandardCharsets.UTF_8));
        long h = (crc.getValue() << 8 | (objectId.hashCode() & 0xff)) & 0xff_ffff_ffffL;
        return MUON_TAG | ((long) kind.code << 40) | h;
    }

}
