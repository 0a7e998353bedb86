package dev.muon.ofdriver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow listener switches connect to (the controller target of every bridge).
 *
 * <p>Threads: Netty event loops do only I/O and decoding; {@link SwitchListener} callbacks
 * run in order on one event thread; request futures complete on a small pool, so code
 * chained on them (or blocking on them in a callback) never stalls either.
 */
public final class OpenFlowServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpenFlowServer.class);
    public static final Duration DEFAULT_ECHO_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ECHO_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Packet-ins waiting for the listener beyond which new ones are dropped: past this the
     * controller is behind (a DHCP client has long retried) and an unbounded queue would only
     * turn overload into minutes of stale answers and memory.
     */
    static final int MAX_QUEUED_PACKET_INS = 8192;
    /** Switch connections at once (a node has 3-4 bridges): beyond, new ones are closed at once. */
    public static final int DEFAULT_MAX_CONNECTIONS = 8192;

    private final InetSocketAddress bind;
    private final SwitchListener listener;
    private final Duration echoInterval;
    private final Duration echoTimeout;
    private final Map<Long, SwitchConnection> switches = new ConcurrentHashMap<>();
    private final ChannelGroup channels = new DefaultChannelGroup("openflow", GlobalEventExecutor.INSTANCE);
    private final ExecutorService events = Executors.newSingleThreadExecutor(new DefaultThreadFactory("muon-of-events", true));
    private final ExecutorService completions = Executors.newCachedThreadPool(new DefaultThreadFactory("muon-of-completion", true));
    private final AtomicInteger queuedPacketIns = new AtomicInteger();
    private final AtomicLong droppedPacketIns = new AtomicLong();
    private volatile long lastDropLog;
    private volatile int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private final ConnectionLimit limit = new ConnectionLimit();
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;
    private Supplier<? extends ChannelHandler> tls;

    public OpenFlowServer(InetSocketAddress bind, SwitchListener listener) {
        this(bind, listener, DEFAULT_ECHO_INTERVAL, DEFAULT_ECHO_TIMEOUT);
    }

    /** With a custom keep-alive: an echo every {@code echoInterval}, drop after {@code echoTimeout} of silence. */
    public OpenFlowServer(InetSocketAddress bind, SwitchListener listener, Duration echoInterval, Duration echoTimeout) {
        this.bind = bind;
        this.listener = listener;
        this.echoInterval = echoInterval;
        this.echoTimeout = echoTimeout;
    }

    /**
     * Secures every connection (call before {@link #start}): {@code tls} makes the handler put
     * first in each connection's pipeline, which must pass channelActive on only once the
     * transport is settled (TLS handshake done, or a plain peer accepted), so the HELLO never
     * goes out before it. Without it, plain TCP.
     */
    public OpenFlowServer tls(Supplier<? extends ChannelHandler> tls) {
        this.tls = tls;
        return this;
    }

    public void start() throws InterruptedException {
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("muon-of-accept", true));
        workers = new NioEventLoopGroup(0, new DefaultThreadFactory("muon-of-io", true));
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!limit.admit(ch, maxConnections, log)) {
                            return;
                        }
                        channels.add(ch);
                        ch.pipeline()
                                .addLast("frame", new OpenFlowFrameDecoder())
                                .addLast("decode", new OpenFlowDecoder())
                                .addLast("encode", new OpenFlowEncoder())
                                .addLast("switch", new SwitchChannelHandler(OpenFlowServer.this, echoInterval, echoTimeout));
                        if (tls != null) {
                            ch.pipeline().addFirst("tls", tls.get());
                        }
                    }
                });
        serverChannel = b.bind(bind).sync().channel();
        channels.add(serverChannel);
        log.info("OpenFlow listening on {}", serverChannel.localAddress());
    }

    /** Connections accepted at once from now on (set before {@link #start()}). */
    public OpenFlowServer maxConnections(int max) {
        this.maxConnections = max;
        return this;
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Closes the listener and every switch connection; switchDisconnected is delivered for each. */
    @Override
    public void close() {
        try {
            channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            if (workers != null) {
                workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
                boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            events.shutdown();
            events.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            events.shutdownNow();
            completions.shutdown();
        }
    }

    // --- from connections ---

    ExecutorService completions() {
        return completions;
    }

    /** Asks the listener whether the switch may take its datapath id; a failing listener refuses. */
    boolean admit(SwitchConnection candidate) {
        try {
            return listener.admit(candidate);
        } catch (RuntimeException e) {
            log.error("SwitchListener failed to judge switch {} from {}; refused", candidate, candidate.remoteAddress(), e);
            return false;
        }
    }

    /** A newer connection from a datapath replaces the old one, announced in that order. */
    void switchReady(SwitchConnection conn) {
        SwitchConnection old = switches.put(conn.datapathId(), conn);
        if (old != null && old != conn) {
            log.info("switch {} reconnected; closing its previous connection", String.format("%016x", conn.datapathId()));
            old.supersede();
            if (old.markDisconnectReported()) {
                event(() -> listener.switchDisconnected(old));
            }
        }
        event(() -> listener.switchConnected(conn));
    }

    void switchGone(SwitchConnection conn) {
        switches.remove(conn.datapathId(), conn);
        if (conn.markDisconnectReported()) {
            event(() -> listener.switchDisconnected(conn));
        }
    }

    /** One read's packet-ins, in order, as one event; dropped while {@link #MAX_QUEUED_PACKET_INS} wait. */
    void packetIns(SwitchConnection conn, List<PacketIn> packetIns) {
        if (queuedPacketIns.addAndGet(packetIns.size()) > MAX_QUEUED_PACKET_INS) {
            queuedPacketIns.addAndGet(-packetIns.size());
            long dropped = droppedPacketIns.addAndGet(packetIns.size());
            long now = System.nanoTime();
            if (now - lastDropLog > TimeUnit.SECONDS.toNanos(10)) {
                lastDropLog = now;
                log.warn("packet-ins arrive faster than they are handled: {} dropped so far ({} waiting)", dropped,
                        MAX_QUEUED_PACKET_INS);
            }
            return;
        }
        event(() -> {
            queuedPacketIns.addAndGet(-packetIns.size());
            for (PacketIn p : packetIns) {
                if (conn.disconnectReported()) {
                    return;
                }
                try {
                    listener.packetIn(conn, p);
                } catch (RuntimeException e) {
                    log.error("SwitchListener failed on a packet-in", e);
                }
            }
        });
    }

    private void event(Runnable r) {
        try {
            events.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.error("SwitchListener failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("event dropped, server closed");
        }
    }
}
