package dev.muon.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
    void invalidJsonIsAProtocolError() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcCodec());
        assertThrows(DecoderException.class, () -> ch.writeInbound(bytes("{\"id\": 1, \"result\": nul}")));
    }

    @Test
    void aMessageMustBeAnObject() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcCodec());
        assertThrows(DecoderException.class, () -> ch.writeInbound(bytes("[1, 2, 3]")));
    }

    @Test
    void deeplyNestedJsonIsRefusedBeforeItIsParsed() {
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcCodec());
        String deep = "{\"id\":1,\"result\":" + "[".repeat(JsonRpcCodec.MAX_DEPTH);
        assertThrows(DecoderException.class, () -> ch.writeInbound(bytes(deep)));
    }

    @Test
    void aMessageLongerThanTheCapIsRefusedWhileItArrives() {
        AtomicLong buffered = new AtomicLong();
        EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcCodec(buffered));
        ch.writeInbound(bytes("{\"id\":1,\"result\":\""));
        String chunk = "x".repeat(1 << 20);
        assertThrows(TooLongFrameException.class, () -> {
            for (int i = 0; i <= JsonRpcCodec.MAX_MESSAGE_BYTES >> 20; i++) {
                ch.writeInbound(bytes(chunk));
            }
        });
        assertTrue(buffered.get() > JsonRpcCodec.MAX_MESSAGE_BYTES, "what the connection holds is counted");
        ch.pipeline().remove(JsonRpcCodec.class);   // as when the connection closes
        assertEquals(0, buffered.get(), "a closed connection's buffer is no longer counted");
    }

    @Test
    void pastTheGlobalBudgetAConnectionHoldingABigUnfinishedMessageIsRefused() {
        AtomicLong buffered = new AtomicLong(JsonRpcCodec.MAX_BUFFERED_BYTES);   // other peers hold it all
        EmbeddedChannel small = new EmbeddedChannel(new JsonRpcCodec(buffered));
        small.writeInbound(bytes("{\"id\":1,\"result\":[],\"error\":null} {\"id\":2,"));
        assertEquals(1, small.inboundMessages().size(), "a node's ordinary messages still pass");
        EmbeddedChannel big = new EmbeddedChannel(new JsonRpcCodec(buffered));
        big.writeInbound(bytes("{\"id\":1,\"result\":\""));
        assertThrows(DecoderException.class, () -> big.writeInbound(bytes("x".repeat(JsonRpcCodec.SMALL_MESSAGE_BYTES + 1))));
    }

    @Test
    void aMessageUnfinishedPastItsDeadlineClosesTheConnection() {
        EmbeddedChannel trickler = new EmbeddedChannel(new JsonRpcCodec(new AtomicLong()));
        trickler.freezeTime();
        trickler.writeInbound(bytes("{\"id\":1,\"result\":\""));
        for (int s = 0; s < JsonRpcCodec.MESSAGE_DEADLINE_SECONDS - 5; s += 5) {
            trickler.advanceTimeBy(5, TimeUnit.SECONDS);
            trickler.writeInbound(bytes("x"));   // a byte now and then: never idle, never done
            trickler.runScheduledPendingTasks();
        }
        assertTrue(trickler.isOpen(), "within the deadline");
        trickler.advanceTimeBy(10, TimeUnit.SECONDS);
        try {
            trickler.runScheduledPendingTasks();
        } catch (RuntimeException reported) {
            // the refusal is passed on as an exception, as any protocol error
        }
        assertFalse(trickler.isOpen(), "a message begun 35 s ago and still unfinished closes the connection");

        EmbeddedChannel node = new EmbeddedChannel(new JsonRpcCodec(new AtomicLong()));
        node.freezeTime();
        node.writeInbound(bytes("{\"id\":1,"));
        node.advanceTimeBy(20, TimeUnit.SECONDS);
        node.writeInbound(bytes("\"result\":[],\"error\":null} {\"id\":2,"));   // done; the next one begins
        node.advanceTimeBy(20, TimeUnit.SECONDS);
        node.runScheduledPendingTasks();
        assertTrue(node.isOpen(), "each message has its own deadline");
        assertEquals(1, node.inboundMessages().size());
    }

    @Test
    void aRealNodesLargestMessageFitsWithRoomToSpare() {
        // a node with 1000 VIFs sends about 0.5 MB for Muon's monitor (measured against ovsdb-server)
        assertTrue(JsonRpcCodec.MAX_MESSAGE_BYTES >= 10 * 534_000);
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
