package dev.muon.ovsdb;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The pipeline of an OVSDB connection, whichever side dialed: keepalive timers, JSON-RPC
 * framing, the session, and the {@link OvsdbConnection} on top.
 */
final class OvsdbChannelInitializer extends ChannelInitializer<Channel> {

    /** Send an echo after this much quiet; ovsdb-server's own probe is 5 s. */
    static final int ECHO_INTERVAL_SECONDS = 5;
    /** No bytes from the peer for this long, echo replies included: it is gone. */
    static final int DEAD_AFTER_SECONDS = 4 * ECHO_INTERVAL_SECONDS;

    private final OvsdbListener listener;
    private final BiConsumer<Channel, OvsdbConnection> created;

    /** @param created told of each new channel and its connection, before any traffic */
    OvsdbChannelInitializer(OvsdbListener listener, BiConsumer<Channel, OvsdbConnection> created) {
        this.listener = listener;
        this.created = created;
    }

    @Override
    protected void initChannel(Channel ch) {
        OvsdbConnection connection = new OvsdbConnection(listener);
        created.accept(ch, connection);
        ch.pipeline().addLast(
                new IdleStateHandler(DEAD_AFTER_SECONDS, ECHO_INTERVAL_SECONDS, 0, TimeUnit.SECONDS),
                new JsonRpcCodec(),
                new JsonRpcSession(connection));
    }
}
