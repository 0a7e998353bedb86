package dev.muon.simulator.openflow;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.types.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated OpenFlow switch (one bridge of a simulated node): connects to its controller as
 * ovs-vswitchd does, speaks OpenFlow 1.3/1.4 (handshake, echo, barrier, bundles, flow-mods, flow
 * and port-description stats, meters, port status) and keeps a flow table as Open vSwitch would.
 *
 * <p>All state lives on one event loop of the shared group (chosen at construction), so
 * thousands of switches need no thread of their own and no locks; public methods may be called
 * from any thread and hand their work to that loop.
 */
public final class SimulatedSwitch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedSwitch.class);
    private static final long RECONNECT_MILLIS = 1000;
    private static final int MAX_FRAME = 0xffff;

    /**
     * Told after every committed change of the flow table (a flow-mod outside a bundle, or a
     * bundle). Called on the switch's event loop, which a thousand switches share: keep it short.
     */
    public interface FlowListener {
        /** @param nanos System.nanoTime() when the change was applied */
        void flowsChanged(SimulatedSwitch sw, long nanos);
    }

    /** One installed flow as a flow-stats reply carries it: the wire {@code ofp_match} (padded) and instructions. */
    public record FlowView(int table, int priority, long cookie, int flags, byte[] match, byte[] instructions) {
    }

    private final EventLoop loop;
    private final long datapathId;
    private final InetSocketAddress controller;
    private final String name;
    private final FlowTable flows = new FlowTable();
    private final MeterTable meters = new MeterTable();
    private final SwitchPorts ports;
    private final AtomicLong errorsSent = new AtomicLong();
    private final AtomicLong packetOuts = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    /** The HELLO version bitmap offered: OpenFlow 1.3 and 1.4 unless {@link #protocols} says otherwise. */
    private volatile long versionBitmap = 1L << OfType.OF13 | 1L << OfType.OF14;
    private volatile FlowListener listener;
    private volatile int flowCount;
    private volatile boolean connected;
    private volatile boolean closed;
    private boolean started;
    private Channel channel;
    private ControllerSession session;

    public SimulatedSwitch(EventLoopGroup loop, long datapathId, InetSocketAddress controller) {
        this.loop = loop.next();
        this.datapathId = datapathId;
        this.controller = controller;
        this.name = String.format("br%012x", datapathId & 0xffff_ffff_ffffL); // a bridge name fits 15 characters
        this.ports = new SwitchPorts(name, MacAddress.of(datapathId & 0xffff_ffff_ffffL));
    }

    /**
     * The OpenFlow versions to offer, named as in the Bridge table's {@code protocols} column
     * ({@code OpenFlow13}, {@code OpenFlow14}); takes effect at the next connection.
     */
    public SimulatedSwitch protocols(String... names) {
        long bits = 0;
        for (String n : names) {
            bits |= switch (n) {
                case "OpenFlow13" -> 1L << OfType.OF13;
                case "OpenFlow14" -> 1L << OfType.OF14;
                default -> throw new IllegalArgumentException("unsupported protocol " + n);
            };
        }
        if (bits == 0) {
            throw new IllegalArgumentException("no protocol");
        }
        versionBitmap = bits;
        return this;
    }

    /** Connects to the controller; on loss, connects again every second until closed. */
    public void connect() {
        loop.execute(() -> {
            if (!started && !closed) {
                started = true;
                attempt();
            }
        });
    }

    private void attempt() {
        if (closed) {
            return;
        }
        Bootstrap b = new Bootstrap().group(loop).channel(channelType())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LengthFieldBasedFrameDecoder(MAX_FRAME, 2, 2, -4, 0),
                                new ControllerSession(SimulatedSwitch.this));
                    }
                });
        ChannelFuture f = b.connect(controller);
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                log.debug("switch {}: cannot reach {}: {}", name, controller, done.cause().toString());
                retry();
            }
        });
    }

    /** The socket channel matching the group's transport (NIO, or epoll when the bench uses it). */
    @SuppressWarnings("unchecked")
    private Class<? extends Channel> channelType() {
        if (loop instanceof io.netty.channel.nio.NioEventLoop) {
            return NioSocketChannel.class;
        }
        String transport = loop.getClass().getName().replaceAll("EventLoop$", "SocketChannel");
        try {
            return (Class<? extends Channel>) Class.forName(transport);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no socket channel for " + loop.getClass().getName(), e);
        }
    }

    private void retry() {
        if (!closed) {
            loop.schedule(this::attempt, RECONNECT_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    public long datapathId() {
        return datapathId;
    }

    /** A port appears (port description, and PORT_STATUS ADD when connected; MODIFY if the number was in use). */
    public void addPort(int ofport, String name, String mac) {
        loop.execute(() -> {
            boolean known = ports.has(ofport);
            SwitchPorts.Port p = ports.add(ofport, name, mac);
            if (session != null) {
                session.portStatus(p, known ? OFPortReason.MODIFY : OFPortReason.ADD);
            }
        });
    }

    /** A port goes away (PORT_STATUS DELETE when connected). */
    public void removePort(int ofport) {
        loop.execute(() -> {
            SwitchPorts.Port p = ports.remove(ofport);
            if (p != null && session != null) {
                session.portStatus(p, OFPortReason.DELETE);
            }
        });
    }

    /** Whether the OpenFlow handshake with the controller is done (HELLO exchanged) and the connection is up. */
    public boolean isConnected() {
        return connected;
    }

    public int flowCount() {
        return flowCount;
    }

    public void listener(FlowListener listener) {
        this.listener = listener;
    }

    /** How many ERROR messages this switch has sent (refused requests). */
    public long errorsSent() {
        return errorsSent.get();
    }

    /** How many packet-outs it has received (and dropped). */
    public long packetOutsReceived() {
        return packetOuts.get();
    }

    /** How many times a connection has completed the HELLO exchange. */
    public long connectionCount() {
        return connections.get();
    }

    /** Every installed flow, table by table (a copy taken on the switch's event loop). */
    public List<FlowView> flows() {
        return onLoop(() -> {
            List<FlowView> out = new ArrayList<>();
            flows.forEach(e -> {
                io.netty.buffer.ByteBuf match = io.netty.buffer.Unpooled.buffer(e.match().paddedLength());
                e.match().writeTo(match);
                out.add(new FlowView(e.table(), e.priority(), e.cookie(), e.flags(), match.array().clone(), e.instructions().bytes().clone()));
            });
            return out;
        });
    }

    /** How many meters the bridge holds. */
    public int meterCount() {
        return onLoop(meters::size);
    }

    @Override
    public void close() {
        closed = true;
        try {
            loop.execute(() -> {
                if (channel != null) {
                    channel.close();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the group is shutting down, and the connection with it
        }
    }

    @Override
    public String toString() {
        return "SimulatedSwitch[" + name + (connected ? ", connected" : "") + ", " + flowCount + " flows]";
    }

    private <T> T onLoop(java.util.concurrent.Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return loop.submit(task).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- for the session, on the event loop ---

    long versionBitmap() {
        return versionBitmap;
    }

    String name() {
        return name;
    }

    FlowTable flowTable() {
        return flows;
    }

    MeterTable meters() {
        return meters;
    }

    SwitchPorts ports() {
        return ports;
    }

    void meterMod(OFMeterMod mod) {
        int before = flows.size();
        meters.apply(mod, flows);
        if (flows.size() != before) {
            flowsChanged();
        }
    }

    void flowsChanged() {
        flowCount = flows.size();
        FlowListener l = listener;
        if (l != null) {
            l.flowsChanged(this, System.nanoTime());
        }
    }

    void sessionReady(ControllerSession s) {
        session = s;
        connected = true;
        connections.incrementAndGet();
        log.debug("switch {}: connected to {}", name, controller);
    }

    void sessionEnded(ControllerSession s) {
        if (session == s) {
            session = null;
        }
        connected = false;
        log.debug("switch {}: disconnected from {}", name, controller);
        retry();
    }

    void errorSent() {
        errorsSent.incrementAndGet();
    }

    void packetOutReceived() {
        packetOuts.incrementAndGet();
    }
}
