package dev.muon.ovsdb;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active side: Muon dials a node whose ovsdb-server listens ({@code ptcp:6640}), and
 * dials again whenever the connection fails or drops, until closed. Each successful
 * connection is a new {@link OvsdbNode}, reported to the listener like a passive one.
 */
public final class OvsdbClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OvsdbClient.class);
    static final long RETRY_MS = 2_000;

    private final String host;
    private final int port;
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final Bootstrap bootstrap;
    private volatile OvsdbConnection current;
    private volatile Channel channel;
    private volatile boolean closed;

    private OvsdbClient(String host, int port, OvsdbListener listener) {
        this.host = host;
        this.port = port;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new OvsdbChannelInitializer(listener, (ch, connection) -> current = connection));
    }

    /** Starts dialing {@code host:port}; the listener hears of the node once it is monitored. */
    public static OvsdbClient connect(String host, int port, OvsdbListener listener) {
        OvsdbClient client = new OvsdbClient(host, port, listener);
        client.dial();
        return client;
    }

    /** The node of the live connection, if there is one. */
    public Optional<OvsdbNode> node() {
        OvsdbConnection c = current;
        return c != null && c.isConnected() ? Optional.of(c) : Optional.empty();
    }

    private void dial() {
        if (closed) {
            return;
        }
        ChannelFuture connecting = bootstrap.connect(host, port);
        channel = connecting.channel();
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                log.debug("OVSDB connect to {}:{} failed: {}", host, port, f.cause().toString());
                retryLater();
            } else {
                f.channel().closeFuture().addListener(c -> retryLater());
            }
        });
    }

    private void retryLater() {
        if (!closed) {
            group.schedule(this::dial, RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
