package dev.muon.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onosproject.ovsdb.rfc.jsonrpc.JsonRpcRequest;

class JsonRpcCodecTest {

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void splitsBackToBackMessagesAndReassemblesFragments() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcCodec());
        ch.writeInbound(bytes("{\"id\":\"echo\",\"method\":\"echo\",\"params\":[]}\n{\"id\":1,"));
        JsonNode first = ch.readInbound();
        assertEquals("echo", first.get("method").asText());
        assertNull(ch.readInbound());
        ch.writeInbound(bytes("\"result\":{\"a\":[1,{\"b\":2}]},"));
        ch.writeInbound(bytes("\"error\":null}  {\"id\":2,\"result\":[],\"error\":null}"));
        JsonNode second = ch.readInbound();
        assertEquals(2, second.get("result").get("a").get(1).get("b").asInt());
        JsonNode third = ch.readInbound();
        assertEquals(2, third.get("id").asInt());
    }

    @Test
    void bracesAndQuotesInsideStringsDoNotEndAMessage() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcCodec());
        String text = "{\"id\":1,\"result\":\"}{ \\\" ] \\\\\",\"error\":null}";
        // byte by byte: the scanner must resume mid-string and mid-escape
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        JsonNode reply = ch.readInbound();
        assertEquals("}{ \" ] \\", reply.get("result").asText());
    }

    @Test
    void garbageBetweenMessagesIsAProtocolError() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcCodec());
        assertThrows(DecoderException.class, () -> ch.writeInbound(bytes("hello")));
    }

    @Test
    void encodesOnosRequestsAsJsonRpc() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcCodec());
        ch.writeOutbound(new JsonRpcRequest("7", "get_schema", List.of("Open_vSwitch")));
        ByteBuf out = ch.readOutbound();
        assertEquals("{\"id\":\"7\",\"method\":\"get_schema\",\"params\":[\"Open_vSwitch\"]}",
                out.toString(StandardCharsets.UTF_8));
    }
}
