package dev.muon.ofdriver;

import com.google.common.hash.PrimitiveSink;
import com.google.common.io.BaseEncoding;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;

/**
 * An action Muon encoded itself, for what Loxi 3.2.1 cannot build (Nicira conjunction,
 * check_pkt_larger, output_reg, controller2, nat with addresses; set_field of a field Loxi does
 * not know), in the place of a Loxi action in an apply-actions instruction, a packet-out or a
 * ct action: Loxi only asks an action to write itself. The bytes are a whole action, padded.
 */
final class RawAction implements OFAction {
    private static final BaseEncoding HEX = BaseEncoding.base16().lowerCase();
    private static final int OFPAT_SET_FIELD = 25;

    private final OFVersion version;
    private final byte[] bytes;
    private final String text;

    /** {@code text}: the action as ovs-ofctl shows it, for logs. */
    RawAction(OFVersion version, byte[] bytes, String text) {
        if (bytes.length < 8 || bytes.length % 8 != 0 || ((bytes[2] & 0xff) << 8 | (bytes[3] & 0xff)) != bytes.length) {
            throw new IllegalArgumentException("not a whole padded action: " + HEX.encode(bytes));
        }
        this.version = version;
        this.bytes = bytes.clone();
        this.text = text;
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public OFActionType getType() {
        int type = (bytes[0] & 0xff) << 8 | (bytes[1] & 0xff);
        return type == OFPAT_SET_FIELD ? OFActionType.SET_FIELD : OFActionType.EXPERIMENTER;
    }

    @Override
    public OFVersion getVersion() {
        return version;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeBytes(bytes);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putBytes(bytes);
    }

    @Override
    public Builder createBuilder() {
        throw new UnsupportedOperationException("raw action " + text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawAction r && version == r.version && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RawAction(" + text + ": " + HEX.encode(bytes) + ")";
    }
}
