package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/**
 * JSON values to and from the frames Netty's JsonObjectDecoder cuts out of the byte stream
 * (OVSDB writes JSON-RPC messages back to back, with no length prefix).
 */
final class JsonCodec extends MessageToMessageCodec<ByteBuf, JsonNode> {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    protected void encode(ChannelHandlerContext ctx, JsonNode msg, List<Object> out) throws Exception {
        ByteBuf buf = ctx.alloc().buffer();
        try (ByteBufOutputStream stream = new ByteBufOutputStream(buf)) {
            MAPPER.writeValue((java.io.OutputStream) stream, msg);
        } catch (Exception e) {
            buf.release();
            throw e;
        }
        out.add(buf);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) throws Exception {
        out.add(MAPPER.readTree((java.io.InputStream) new ByteBufInputStream(msg)));
    }
}
