package dev.muon.pipeline.compile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Datapath ids Muon assigns to the bridges it owns: stable for (hostname, bridge), so
 * an OpenFlow connection names its node and bridge, across restarts.
 */
public final class DatapathIds {
    private DatapathIds() {
    }

    public static long of(String hostname, String bridge) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest((hostname + "/" + bridge).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 6; i++) {
                v = v << 8 | (d[i] & 0xff);
            }
            return 0x4d75L << 48 | v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 16 hex digits OVSDB's other_config:datapath-id takes. */
    public static String hex(long dpid) {
        return String.format("%016x", dpid);
    }
}
