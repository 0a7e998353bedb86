package dev.muon.ofdriver;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * An already encoded OpenFlow message, for the rare message Loxi cannot build: a
 * DELETE_STRICT that must repeat a match Loxi cannot parse (see {@link RawMatch}). Being an
 * {@link OFMessage}, it fits inside a Loxi bundle-add like any other.
 */
final class RawMessage implements OFMessage {
    private final OFVersion version;
    private final OFType type;
    private final long xid;
    private final byte[] bytes;

    RawMessage(OFVersion version, OFType type, long xid, byte[] bytes) {
        this.version = version;
        this.type = type;
        this.xid = xid;
        this.bytes = bytes;
    }

    @Override
    public OFVersion getVersion() {
        return version;
    }

    @Override
    public OFType getType() {
        return type;
    }

    @Override
    public long getXid() {
        return xid;
    }

    @Override
    public boolean equalsIgnoreXid(Object o) {
        return o instanceof RawMessage r && Arrays.equals(withoutXid(bytes), withoutXid(r.bytes));
    }

    @Override
    public int hashCodeIgnoreXid() {
        return Arrays.hashCode(withoutXid(bytes));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawMessage r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeBytes(bytes);
    }

    @Override
    public Builder createBuilder() {
        throw new UnsupportedOperationException("raw message");
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putBytes(bytes);
    }

    @Override
    public String toString() {
        return "RawMessage(" + type + ", xid=" + xid + ", " + bytes.length + " bytes)";
    }

    private static byte[] withoutXid(byte[] b) {
        byte[] c = b.clone();
        Arrays.fill(c, 4, Math.min(8, c.length), (byte) 0);
        return c;
    }
}
