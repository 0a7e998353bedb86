package dev.muon.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.node.WarningThrottle;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.onosproject.ovsdb.rfc.jsonrpc.JsonRpcRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC 1.0 session of one connection: matches replies to our requests by id,
 * answers the peer's {@code echo} (ovsdb-server drops a manager that does not), sends our
 * own echo when the line is quiet and closes it when the peer falls silent, and hands
 * notifications ({@code update}) to the OVSDB layer.
 */
final class JsonRpcSession extends ChannelDuplexHandler {

    /** The protocol layer on top of the session. Called on the channel's event loop. */
    interface Peer {
        void sessionStarted(JsonRpcSession session);

        void notification(String method, JsonNode params);

        void sessionEnded();
    }

    private static final Logger log = LoggerFactory.getLogger(JsonRpcSession.class);
    /** Bad peers' warnings, all connections together: a flood of them must not flood the log. */
    static final WarningThrottle WARNINGS = new WarningThrottle(5, TimeUnit.SECONDS);
    /**
     * How long a request may go unanswered. ovsdb-server answers a node's whole monitor or a
     * transaction of thousands of rows within a second or two; silence this long is a broken peer.
     */
    static final int REQUEST_TIMEOUT_SECONDS = 30;

    private final Peer peer;
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Channel channel;

    JsonRpcSession(Peer peer) {
        this.peer = peer;
    }

    Channel channel() {
        return channel;
    }

    /** Sends a request; the future gets its "result", or fails with its "error". */
    CompletableFuture<JsonNode> request(String method, List<Object> params) {
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            reply.completeExceptionally(new OvsdbException("OVSDB connection is closed"));
            return reply;
        }
        String id = Long.toString(ids.incrementAndGet());
        pending.put(id, reply);
        ch.writeAndFlush(new JsonRpcRequest(id, method, params)).addListener(f -> {
            if (!f.isSuccess()) {
                pending.remove(id);
                reply.completeExceptionally(f.cause());
            }
        });
        // a peer that reads but never answers (a mute transact) is dropped, not waited on forever
        ScheduledFuture<?> timeout = ch.eventLoop().schedule(() -> {
            if (pending.remove(id, reply)) {
                reply.completeExceptionally(new OvsdbException("no answer to " + method + " within "
                        + REQUEST_TIMEOUT_SECONDS + " s"));
                warn("{}: OVSDB peer did not answer {} within {} s, closing{}", ch.remoteAddress(), method,
                        REQUEST_TIMEOUT_SECONDS);
                ch.close();
            }
        }, REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        reply.whenComplete((r, e) -> timeout.cancel(false));
        return reply;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        peer.sessionStarted(this);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        OvsdbException closed = new OvsdbException("OVSDB connection to " + ctx.channel().remoteAddress() + " closed");
        pending.values().forEach(f -> f.completeExceptionally(closed));
        pending.clear();
        peer.sessionEnded();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        JsonNode message = (JsonNode) msg;
        JsonNode method = message.get("method");
        if (method != null && method.isTextual()) {
            onRequest(ctx, method.asText(), message.get("id"), message.get("params"));
        } else {
            onReply(message);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, String method, JsonNode id, JsonNode params) {
        boolean notification = id == null || id.isNull();
        if (notification) {
            peer.notification(method, params);
        } else if (method.equals("echo")) {
            ctx.writeAndFlush(reply(id, params == null ? JsonNodeFactory.instance.arrayNode() : params, null));
        } else {
            log.debug("{}: OVSDB peer called unsupported method {}", ctx.channel().remoteAddress(), method);
            ctx.writeAndFlush(reply(id, null, JsonNodeFactory.instance.textNode("unknown method")));
        }
    }

    private void onReply(JsonNode message) {
        JsonNode id = message.get("id");
        CompletableFuture<JsonNode> waiting = id == null ? null : pending.remove(id.asText());
        if (waiting == null) {
            log.debug("{}: reply to no request: {}", channel.remoteAddress(), message);
            return;
        }
        JsonNode error = message.get("error");
        if (error != null && !error.isNull()) {
            waiting.completeExceptionally(new OvsdbException("OVSDB error: " + error));
        } else {
            waiting.complete(message.get("result"));
        }
    }

    private static ObjectNode reply(JsonNode id, JsonNode result, JsonNode error) {
        ObjectNode reply = JsonNodeFactory.instance.objectNode();
        reply.set("id", id);
        reply.set("result", result == null ? JsonNodeFactory.instance.nullNode() : result);
        reply.set("error", error == null ? JsonNodeFactory.instance.nullNode() : error);
        return reply;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                warn("{}: OVSDB peer silent too long, closing{}", ctx.channel().remoteAddress());
                ctx.close();
            } else {
                request("echo", List.of());
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        warn("{}: OVSDB connection failed, closing: {}{}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** A warning about a peer, rate-limited across connections; the format's last {} says how many were held back. */
    static void warn(String format, Object... args) {
        long suppressed = WARNINGS.admit();
        if (suppressed >= 0) {
            Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
            all[args.length] = WarningThrottle.suppressedNote(suppressed);
            log.warn(format, all);
        }
    }
}
