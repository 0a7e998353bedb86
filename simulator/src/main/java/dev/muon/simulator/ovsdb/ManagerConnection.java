package dev.muon.simulator.ovsdb;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.json.JsonObjectDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The active connection of a node's ovsdb-server to its manager ({@code set-manager
 * tcp:IP:PORT}): dials, serves the database over it, and dials again a second after a
 * failure or a loss, until closed. Lives on the node's event loop (which must be NIO).
 */
public final class ManagerConnection implements AutoCloseable {

    static final long RETRY_MS = 1_000;
    /** ovsdb-server's default inactivity probe. */
    static final int PROBE_SECONDS = 5;
    private static final int MAX_MESSAGE_BYTES = 64 << 20;

    private final EventLoop loop;
    private final InetSocketAddress manager;
    private final Bootstrap bootstrap;
    private volatile Channel channel;
    private volatile boolean closed;

    public ManagerConnection(EventLoop loop, InetSocketAddress manager, Database db) {
        this.loop = loop;
        this.manager = manager;
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(PROBE_SECONDS, 0, 0, TimeUnit.SECONDS),
                                new JsonObjectDecoder(MAX_MESSAGE_BYTES),
                                new JsonCodec(),
                                new OvsdbSession(db));
                    }
                });
    }

    public void connect() {
        if (closed) {
            return;
        }
        ChannelFuture connecting = bootstrap.connect(manager);
        channel = connecting.channel();
        connecting.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                f.channel().closeFuture().addListener(c -> retryLater());
            } else {
                retryLater();
            }
        });
    }

    private void retryLater() {
        if (!closed) {
            loop.schedule(this::connect, RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    public boolean isConnected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
