package dev.muon.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class JsonRpcSessionTest {

    /** Records what the session hands up. */
    private static final class Peer implements JsonRpcSession.Peer {
        JsonRpcSession session;
        final List<String> notifications = new ArrayList<>();
        boolean ended;

        @Override
        public void sessionStarted(JsonRpcSession s) {
            session = s;
        }

        @Override
        public void notification(String method, JsonNode params) {
            notifications.add(method + " " + params);
        }

        @Override
        public void sessionEnded() {
            ended = true;
        }
    }

    private final Peer peer = new Peer();
    private final EmbeddedChannel ch = new EmbeddedChannel(new JsonRpcCodec(), new JsonRpcSession(peer));

    private void receive(String json) {
        ch.writeInbound(Unpooled.copiedBuffer(json.replace('\'', '"'), StandardCharsets.UTF_8));
    }

    private JsonNode sent() throws Exception {
        ByteBuf out = ch.readOutbound();
        try {
            return JsonRpcCodec.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
        } finally {
            out.release();
        }
    }

    @Test
    void answersThePeersEchoWithItsParams() throws Exception {
        receive("{'id':'echo','method':'echo','params':[]}");
        JsonNode reply = sent();
        assertEquals("echo", reply.get("id").asText());
        assertEquals("[]", reply.get("result").toString());
        assertTrue(reply.has("error") && reply.get("error").isNull(), "JSON-RPC 1.0 replies carry error: null");
    }

    @Test
    void matchesRepliesToRequestsById() throws Exception {
        CompletableFuture<JsonNode> schema = peer.session.request("get_schema", List.of("Open_vSwitch"));
        CompletableFuture<JsonNode> bad = peer.session.request("get_schema", List.of("Nope"));
        String first = sent().get("id").asText();
        String second = sent().get("id").asText();
        receive("{'id':'" + second + "','result':null,'error':'unknown database'}");
        receive("{'id':'" + first + "','result':{'name':'Open_vSwitch'},'error':null}");
        assertEquals("Open_vSwitch", schema.get().get("name").asText());
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, bad::get);
        assertInstanceOf(OvsdbException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("unknown database"));
    }

    @Test
    void handsNotificationsUp() {
        receive("{'id':null,'method':'update','params':['muon',{}]}");
        assertEquals(List.of("update [\"muon\",{}]"), peer.notifications);
    }

    @Test
    void echoesWhenQuietAndClosesWhenThePeerIsSilent() throws Exception {
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_WRITER_IDLE_STATE_EVENT);
        JsonNode echo = sent();
        assertEquals("echo", echo.get("method").asText());

        CompletableFuture<JsonNode> pending = peer.session.request("transact", List.of("Open_vSwitch"));
        ch.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        assertFalse(ch.isActive());
        assertTrue(peer.ended);
        assertTrue(pending.isCompletedExceptionally(), "requests in flight fail when the connection goes");
    }

    @Test
    void aPeerThatNeverAnswersARequestIsDropped() throws Exception {
        CompletableFuture<JsonNode> transact = peer.session.request("transact", List.of("Open_vSwitch"));
        receive("{'id':'e1','method':'echo','params':[]}");   // it keeps the line busy, but never answers
        ch.advanceTimeBy(JsonRpcSession.REQUEST_TIMEOUT_SECONDS + 1, java.util.concurrent.TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertTrue(transact.isCompletedExceptionally());
        assertFalse(ch.isActive(), "the mute peer is closed, so its node can reconnect and be retried");
        assertTrue(peer.ended);
    }

    @Test
    void aMalformedMessageClosesTheConnection() {
        receive("{'id': 1, 'result': }");
        assertFalse(ch.isActive());
        assertTrue(peer.ended);
    }
}
