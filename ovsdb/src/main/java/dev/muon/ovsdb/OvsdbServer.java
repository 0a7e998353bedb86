package dev.muon.ovsdb;

import dev.muon.pipeline.node.ConnectionCount;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The passive OVSDB manager: nodes told {@code ovs-vsctl set-manager tcp:<controller>:6640}
 * connect here, and each connection becomes an {@link OvsdbNode}.
 */
public final class OvsdbServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OvsdbServer.class);
    /** Node connections at once (one per node): beyond, new ones are closed as they are accepted. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;

    private final InetSocketAddress bind;
    private final OvsdbListener listener;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile int maxConnections = DEFAULT_MAX_CONNECTIONS;
    /** Taken atomically: connections are set up on several I/O threads at once. */
    private final ConnectionCount open = new ConnectionCount();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private Supplier<? extends ChannelHandler> tls;

    public OvsdbServer(InetSocketAddress bind, OvsdbListener listener) {
        this.bind = bind;
        this.listener = listener;
    }

    /**
     * Secures every connection (call before {@link #start}): {@code tls} makes the handler put
     * first in each connection's pipeline, which must pass channelActive on only once the
     * transport is settled (TLS handshake done, or a plain peer accepted), so no request goes
     * out before it. Without it, plain TCP.
     */
    public synchronized OvsdbServer tls(Supplier<? extends ChannelHandler> tls) {
        this.tls = tls;
        return this;
    }

    /** Binds the listening socket; port 0 picks a free one (see {@link #port()}). */
    public synchronized void start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("OVSDB server already started");
        }
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup();
        try {
            serverChannel = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast("tls", tls.get());
                            }
                            ch.pipeline().addLast(new OvsdbChannelInitializer(listener, (c, connection) -> admit(c)));
                        }
                    })
                    .bind(bind).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdownGroups();
            throw e;
        }
        log.info("OVSDB manager listening on {}", serverChannel.localAddress());
    }

    /** Connections accepted at once from now on (set before {@link #start()}). */
    public OvsdbServer maxConnections(int max) {
        this.maxConnections = max;
        return this;
    }

    /** Thousands of idle or slow peers must not take every file descriptor and buffer. */
    private void admit(Channel ch) {
        if (!open.tryTake(maxConnections)) {
            JsonRpcSession.warn("{}: {} OVSDB connections already open, the most allowed; closing{}", ch.remoteAddress(),
                    open.open());
            ch.close();   // before it is active: no session starts
        } else {
            ch.closeFuture().addListener(f -> open.giveBack());
            connections.add(ch);
        }
    }

    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("OVSDB server not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Stops listening and drops every node connection (nodes see a disconnect). */
    @Override
    public synchronized void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            connections.close().awaitUninterruptibly();
        }
        shutdownGroups();
    }

    private void shutdownGroups() {
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }
}
