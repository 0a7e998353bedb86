package dev.muon.ofdriver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * Cuts the byte stream into OpenFlow messages by the header's 16-bit length, and refuses what
 * cannot be OpenFlow as soon as its header shows it, before waiting for the length it claims:
 * a version byte OpenFlow never had (HTTP, TLS, noise) or a length shorter than the header.
 * The refusal closes that connection; nothing after garbage can be framed with any confidence.
 */
final class OpenFlowFrameDecoder extends LengthFieldBasedFrameDecoder {
    /** Version, type, length, xid. */
    static final int HEADER_LENGTH = 8;
    /** OpenFlow lengths are 16 bits. */
    private static final int MAX_FRAME = 0xffff;
    private static final int MAX_WIRE_VERSION = OFVersion.OF_15.getWireVersion();

    OpenFlowFrameDecoder() {
        super(MAX_FRAME, 2, 2, -4, 0);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        int at = in.readerIndex();
        if (in.readableBytes() >= 1) {
            int version = in.getUnsignedByte(at);
            if (version == 0 || version > MAX_WIRE_VERSION) {
                throw new CorruptedFrameException("not OpenFlow: version byte " + version);
            }
        }
        if (in.readableBytes() >= 4 && in.getUnsignedShort(at + 2) < HEADER_LENGTH) {
            throw new CorruptedFrameException("OpenFlow length " + in.getUnsignedShort(at + 2) + " is shorter than its header");
        }
        return super.decode(ctx, in);
    }
}
