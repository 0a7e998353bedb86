package dev.muon.ofdriver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFVersion;

/**
 * Cuts the byte stream into OpenFlow messages by the header's 16-bit length, and refuses what
 * cannot be OpenFlow as soon as its header shows it, before waiting for the length it claims:
 * a version byte OpenFlow never had (HTTP, TLS, noise) or a length shorter than the header.
 * The refusal closes that connection; nothing after garbage can be framed with any confidence.
 *
 * <p>Bytes of unfinished frames are counted across all connections: past {@link #MAX_BUFFERED_BYTES},
 * a connection holding more than {@link #SMALL_FRAME_BYTES} of one is closed, so a thousand
 * peers that each send most of a 64 KB frame and stall cannot take the memory (a stalled peer
 * is dropped anyway once it misses its echo timeout). A real switch's frames arrive whole in
 * all but a flow dump, so it feels this only under such an attack.
 */
final class OpenFlowFrameDecoder extends LengthFieldBasedFrameDecoder {
    /** Version, type, length, xid. */
    static final int HEADER_LENGTH = 8;
    /** OpenFlow lengths are 16 bits. */
    private static final int MAX_FRAME = 0xffff;
    private static final int MAX_WIRE_VERSION = OFVersion.OF_15.getWireVersion();
    static final long MAX_BUFFERED_BYTES = 32L << 20;
    static final int SMALL_FRAME_BYTES = 16 << 10;
    private static final AtomicLong BUFFERED = new AtomicLong();

    private final AtomicLong buffered;
    private long accounted;   // this connection's share of buffered

    OpenFlowFrameDecoder() {
        this(BUFFERED);
    }

    /** With its own budget of buffered bytes (tests). */
    OpenFlowFrameDecoder(AtomicLong buffered) {
        super(MAX_FRAME, 2, 2, -4, 0);
        this.buffered = buffered;
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
        account(0);   // the connection's buffer is released with it
    }

    private void account(long nowHeld) {
        buffered.addAndGet(nowHeld - accounted);
        accounted = nowHeld;
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
        Object frame = super.decode(ctx, in);
        account(in.readableBytes());
        if (frame == null && in.readableBytes() > SMALL_FRAME_BYTES && buffered.get() > MAX_BUFFERED_BYTES
                && ctx.channel().isActive()) {   // not while closing: the rest is dropped then anyway
            throw new TooLongFrameException("OpenFlow peers hold " + buffered.get() + " bytes of unfinished frames, over "
                    + MAX_BUFFERED_BYTES + "; this one " + in.readableBytes());
        }
        return frame;
    }
}
