package dev.muon.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.onosproject.ovsdb.rfc.utils.ObjectMapperUtil;

/**
 * JSON-RPC over a byte stream as OVSDB uses it (RFC 7047 section 4): messages are JSON
 * objects written back to back with no length prefix, so the decoder finds where each
 * one ends by tracking nesting outside of strings. Outbound objects are serialized with
 * the mapper ONOS's notation classes are annotated for.
 */
final class JsonRpcCodec extends ByteToMessageCodec<Object> {

    /**
     * A monitor reply of a big node is large, but a message beyond this is a broken peer: a node
     * with 1000 VIFs sends 0.5 MB for Muon's monitor (measured with ovsdb-server 3.x), so this
     * leaves room for some 15,000 ports.
     */
    static final int MAX_MESSAGE_BYTES = 8 << 20;
    /** RFC 7047's messages nest some 8 deep (update → table → row → column → map → pair). */
    static final int MAX_DEPTH = 32;
    /**
     * Bytes of unfinished messages all connections together may hold. Past it, a connection
     * holding more than {@link #SMALL_MESSAGE_BYTES} of one is closed: many peers that each send
     * an almost-maximal message and stall cannot take the memory. Real nodes hold next to nothing
     * between messages (an update is a few KB and arrives whole), so they feel it only under such
     * an attack, and then only with a message bigger than that. At most this plus
     * SMALL_MESSAGE_BYTES per connection (ovsdb.max.connections) is held.
     */
    static final long MAX_BUFFERED_BYTES = 64L << 20;
    static final int SMALL_MESSAGE_BYTES = 16 << 10;
    /**
     * A message begun must be complete within this, or the connection is closed: otherwise a peer
     * that trickles a byte now and then (alive to the idle check) holds its share of the budget
     * forever, and the budget then closes only the connections that still send. A real node's
     * largest message (a monitor reply of some MB) arrives in well under a second.
     */
    static final long MESSAGE_DEADLINE_SECONDS = 30;
    private static final AtomicLong BUFFERED = new AtomicLong();

    static final ObjectMapper MAPPER = ObjectMapperUtil.getObjectMapper();

    private final AtomicLong buffered;
    private long accounted;  // this connection's share of buffered
    private int scanned;     // bytes after readerIndex already examined
    private int depth;
    private boolean inString;
    private boolean escaped;
    private long completed;                // messages decoded so far
    private ScheduledFuture<?> deadline;   // set while an unfinished message is held

    JsonRpcCodec() {
        this(BUFFERED);
    }

    /** With its own budget of buffered bytes (tests). */
    JsonRpcCodec(AtomicLong buffered) {
        this.buffered = buffered;
    }

    /** Bytes of unfinished messages held by every connection now. */
    static long bufferedBytes() {
        return BUFFERED.get();
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) throws Exception {
        out.writeBytes(MAPPER.writeValueAsBytes(msg));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        try {
            while (in.isReadable()) {
                JsonNode message = nextMessage(in);
                if (message == null) {
                    break;
                }
                out.add(message);
                completed++;
            }
        } finally {
            account(in.readableBytes());
            watch(ctx);
        }
        if (in.readableBytes() > SMALL_MESSAGE_BYTES && buffered.get() > MAX_BUFFERED_BYTES) {
            throw new TooLongFrameException("OVSDB peers hold " + buffered.get() + " bytes of unfinished messages, "
                    + "over " + MAX_BUFFERED_BYTES + "; this one " + in.readableBytes());
        }
    }

    /** Starts the deadline when an unfinished message is held and none runs. */
    private void watch(ChannelHandlerContext ctx) {
        if (accounted > 0 && deadline == null) {
            long started = completed;
            deadline = ctx.executor().schedule(() -> expire(ctx, started), MESSAGE_DEADLINE_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void expire(ChannelHandlerContext ctx, long started) {
        deadline = null;
        if (accounted > 0 && completed == started) {
            ctx.fireExceptionCaught(new CorruptedFrameException("OVSDB message unfinished after "
                    + MESSAGE_DEADLINE_SECONDS + " s (" + accounted + " bytes held)"));
            ctx.close();
        } else {
            watch(ctx);   // that message ended; a later one is unfinished: its own deadline
        }
    }

    private void account(long nowHeld) {
        buffered.addAndGet(nowHeld - accounted);
        accounted = nowHeld;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        try {
            super.handlerRemoved(ctx);
        } finally {
            account(0);   // the connection's buffer is released with it
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }
    }

    private JsonNode nextMessage(ByteBuf in) throws Exception {
        if (depth == 0) {
            // between messages: skip whitespace, then a message must open
            while (in.isReadable() && Character.isWhitespace(in.getByte(in.readerIndex()))) {
                in.skipBytes(1);
            }
            scanned = 0;
        }
        int start = in.readerIndex();
        for (int i = start + scanned; i < in.writerIndex(); i++) {
            byte b = in.getByte(i);
            if (depth == 0 && b != '{') {
                // JSON-RPC messages are objects (RFC 7047 section 4)
                throw new CorruptedFrameException("OVSDB peer sent byte " + (b & 0xff) + " where a JSON object must open");
            }
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{' || b == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new CorruptedFrameException("OVSDB message nested deeper than " + MAX_DEPTH);
                }
            } else if (b == '}' || b == ']') {
                depth--;
                if (depth == 0) {
                    ByteBuf frame = in.readSlice(i - start + 1);
                    scanned = 0;
                    return MAPPER.readTree(new ByteBufInputStream(frame));
                }
            }
        }
        scanned = in.writerIndex() - start;
        if (scanned > MAX_MESSAGE_BYTES) {
            throw new TooLongFrameException("OVSDB message longer than " + MAX_MESSAGE_BYTES + " bytes");
        }
        return null;
    }
}
