package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ovsdb-server's side of one JSON-RPC connection (RFC 7047 section 4): answers list_dbs,
 * get_schema, transact, monitor, monitor_cancel and echo, sends "update" notifications for
 * the session's monitors after each commit (before the reply of the transact that caused
 * it), and probes a silent peer with echo, dropping it when the probe goes unanswered, as
 * ovsdb-server's inactivity probe does. Runs on the node's event loop, as its database does.
 */
final class OvsdbSession extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(OvsdbSession.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Database db;
    private final Map<JsonNode, Monitor> monitors = new LinkedHashMap<>();
    private final Consumer<List<RowChange>> committed = this::committed;
    private ChannelHandlerContext ctx;
    private boolean probing;

    OvsdbSession(Database db) {
        this.db = db;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        db.listen(committed);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        db.unlisten(committed);
        monitors.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        probing = false;
        JsonNode message = (JsonNode) msg;
        JsonNode method = message.get("method");
        JsonNode id = message.get("id");
        if (method == null || !method.isTextual()) {
            return; // a reply: only our echo probes expect one, and any traffic will do
        }
        if (id == null || id.isNull()) {
            return; // a notification: clients send none we act on
        }
        JsonNode params = message.path("params");
        try {
            ctx.writeAndFlush(reply(id, call(method.asText(), params), null));
        } catch (OvsdbError e) {
            ctx.writeAndFlush(reply(id, null, e.toJson()));
        }
    }

    private JsonNode call(String method, JsonNode params) {
        return switch (method) {
            case "echo" -> params;
            case "list_dbs" -> JSON.arrayNode().add(db.schema().name());
            case "get_schema" -> {
                checkDatabase(params.path(0).asText());
                yield db.schema().json();
            }
            case "transact" -> db.transact(params);
            case "monitor" -> monitor(params);
            case "monitor_cancel" -> {
                if (monitors.remove(params.path(0)) == null) {
                    throw new OvsdbError("unknown monitor", "No monitor " + params.path(0));
                }
                yield JSON.objectNode();
            }
            default -> throw new OvsdbError("unknown method", "Method " + method + " is not simulated.");
        };
    }

    private JsonNode monitor(JsonNode params) {
        checkDatabase(params.path(0).asText());
        JsonNode id = params.path(1);
        if (monitors.containsKey(id)) {
            throw new OvsdbError("duplicate monitor ID", "Monitor " + id + " exists.");
        }
        Monitor monitor = Monitor.parse(db.schema(), id, params.get(2));
        monitors.put(id, monitor);
        return monitor.initial(db);
    }

    private void checkDatabase(String name) {
        if (!db.schema().name().equals(name)) {
            throw new OvsdbError("unknown database", "No database named " + name + ".");
        }
    }

    private void committed(List<RowChange> changes) {
        for (Monitor monitor : monitors.values()) {
            ObjectNode updates = monitor.update(changes);
            if (updates != null) {
                ObjectNode notification = JSON.objectNode();
                notification.put("method", "update");
                notification.set("params", JSON.arrayNode().add(monitor.id()).add(updates));
                notification.putNull("id");
                ctx.writeAndFlush(notification);
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (probing) {
                log.info("{}: no reply to the inactivity probe, disconnecting", ctx.channel().remoteAddress());
                ctx.close();
            } else {
                probing = true;
                ObjectNode echo = JSON.objectNode();
                echo.put("method", "echo");
                echo.set("params", JSON.arrayNode());
                echo.put("id", "echo");
                ctx.writeAndFlush(echo);
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: OVSDB session failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private static ObjectNode reply(JsonNode id, JsonNode result, JsonNode error) {
        ObjectNode reply = JSON.objectNode();
        reply.set("id", id);
        reply.set("result", result == null ? JSON.nullNode() : result);
        reply.set("error", error == null ? JSON.nullNode() : error);
        return reply;
    }
}
