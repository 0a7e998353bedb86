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
import org.onosproject.ovsdb.rfc.utils.ObjectMapperUtil;

/**
 * JSON-RPC over a byte stream as OVSDB uses it (RFC 7047 section 4): messages are JSON
 * objects written back to back with no length prefix, so the decoder finds where each
 * one ends by tracking nesting outside of strings. Outbound objects are serialized with
 * the mapper ONOS's notation classes are annotated for.
 */
final class JsonRpcCodec extends ByteToMessageCodec<Object> {

    /** A monitor reply of a big node is large, but a message beyond this is a broken peer. */
    static final int MAX_MESSAGE_BYTES = 64 << 20;

    static final ObjectMapper MAPPER = ObjectMapperUtil.getObjectMapper();

    private int scanned;     // bytes after readerIndex already examined
    private int depth;
    private boolean inString;
    private boolean escaped;

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) throws Exception {
        out.writeBytes(MAPPER.writeValueAsBytes(msg));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        while (in.isReadable()) {
            JsonNode message = nextMessage(in);
            if (message == null) {
                return;
            }
            out.add(message);
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
            if (depth == 0 && b != '{' && b != '[') {
                throw new CorruptedFrameException("OVSDB peer sent '" + (char) b + "' outside a JSON message");
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
                depth++;
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
