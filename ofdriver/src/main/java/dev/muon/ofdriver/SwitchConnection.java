package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.MeterChanges;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A switch after the handshake: the {@link OpenFlowSwitch} the controller holds. */
final class SwitchConnection implements OpenFlowSwitch {
    private static final Logger log = LoggerFactory.getLogger(SwitchConnection.class);

    private final Channel channel;
    private final OFFactory factory;
    private final long datapathId;
    private final Executor completions;
    private final PendingRequests pending;
    private final FlowModEncoder flowModEncoder;
    private final AtomicInteger bundleIds = new AtomicInteger();
    private final AtomicBoolean disconnectReported = new AtomicBoolean();
    /** Packet-outs waiting for the event loop, written and flushed there as one batch. */
    private final Queue<OFMessage> packetOuts = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean packetOutsScheduled = new AtomicBoolean();
    private volatile boolean connected = true;
    private final Optional<SSLSession> tlsSession;

    SwitchConnection(Channel channel, OFFactory factory, long datapathId, PendingRequests pending, Executor completions) {
        this.channel = channel;
        this.factory = factory;
        this.datapathId = datapathId;
        this.pending = pending;
        this.completions = completions;
        this.flowModEncoder = new FlowModEncoder(factory);
        // read once, while the channel is up: a closed channel's pipeline no longer shows its TLS handler
        this.tlsSession = Optional.ofNullable(channel.pipeline().get(SslHandler.class)).map(h -> h.engine().getSession());
    }

    @Override
    public long datapathId() {
        return datapathId;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return tlsSession;
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(channel.remoteAddress());
    }

    OFVersion version() {
        return factory.getVersion();
    }

    @Override
    public CompletableFuture<List<Flow>> dumpFlows() {
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(datapathId));
        }
        FlowStatsCollector dump = new FlowStatsCollector(this);
        dump.start();
        failIfDisconnected();
        return dump.future();
    }

    @Override
    public CompletableFuture<Void> apply(FlowChanges changes) {
        if (changes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(datapathId));
        }
        CompletableFuture<Void> result;
        Runnable start;
        if (version().compareTo(OFVersion.OF_14) >= 0) {
            BundleTransaction tx = new BundleTransaction(this, changes, bundleIds.incrementAndGet());
            result = tx.future();
            start = tx::start;
        } else {
            BarrierTransaction tx = new BarrierTransaction(this, changes);
            result = tx.future();
            start = tx::start;
        }
        // Encoding 100k flow-mods takes a while: never on the event loop.
        if (channel.eventLoop().inEventLoop()) {
            completions.execute(() -> start(start, result));
        } else {
            start(start, result);
        }
        return result;
    }

    private void start(Runnable start, CompletableFuture<Void> result) {
        try {
            start.run();
            failIfDisconnected();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    @Override
    public CompletableFuture<List<Meter>> dumpMeters() {
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(datapathId));
        }
        MeterConfigCollector dump = new MeterConfigCollector(this);
        dump.start();
        failIfDisconnected();
        return dump.future();
    }

    @Override
    public CompletableFuture<Void> apply(MeterChanges changes) {
        if (changes.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(datapathId));
        }
        MeterTransaction tx = new MeterTransaction(this, changes);
        start(tx::start, tx.future());
        return tx.future();
    }

    @Override
    public CompletableFuture<Void> requestRole(ControllerRole role, long generationId) {
        if (!connected) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(datapathId));
        }
        RoleRequest request = new RoleRequest(this, role, generationId);
        start(request::start, request.future());
        return request.future();
    }

    @Override
    public void packetOut(int inPort, List<Action> actions, byte[] data) {
        if (!connected) {
            log.debug("switch {}: packet-out dropped, not connected", dpid());
            return;
        }
        OFMessage out = factory.buildPacketOut()
                .setXid(pending.allocate(1))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.of(inPort))
                .setActions(ActionConverter.toActions(factory, actions))
                .setData(data)
                .build();
        packetOuts.add(out);
        if (packetOutsScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::writePacketOuts);
        }
    }

    /**
     * On the event loop: every queued packet-out, then one flush. Under load (a burst of DHCP
     * requests) many replies share a task and a write system call instead of one each.
     */
    private void writePacketOuts() {
        packetOutsScheduled.set(false);   // before draining: one queued after this schedules its own batch
        OFMessage m;
        while ((m = packetOuts.poll()) != null) {
            channel.write(m, channel.voidPromise());
        }
        channel.flush();
    }

    // --- for the channel handler ---

    void onReply(long xid, Object reply) {
        if (!pending.reply(xid, reply)) {
            log.debug("switch {}: unsolicited reply xid {}: {}", dpid(), xid, reply);
        }
    }

    void onError(OpenFlowErrorException error) {
        if (!pending.error(error)) {
            PeerWarnings.warn(log, "switch {}: error for xid {} that no request awaits: {}{}", dpid(), error.xid(),
                    error.getMessage());
        }
    }

    void onDisconnect() {
        connected = false;
        pending.disconnect(new SwitchDisconnectedException(datapathId));
    }

    /** True the first time only: the listener hears of a disconnect once. */
    boolean markDisconnectReported() {
        return disconnectReported.compareAndSet(false, true);
    }

    boolean disconnectReported() {
        return disconnectReported.get();
    }

    /** A newer connection from the same datapath replaces this one. */
    void supersede() {
        connected = false;
        channel.close();
    }

    // --- for requests ---

    OFFactory factory() {
        return factory;
    }

    FlowModEncoder flowModEncoder() {
        return flowModEncoder;
    }

    PendingRequests pending() {
        return pending;
    }

    ByteBufAllocator alloc() {
        return channel.alloc();
    }

    void send(OFMessage msg) {
        channel.writeAndFlush(msg, channel.voidPromise());
    }

    void send(MessageBatch batch) {
        batch.send(channel);
    }

    /** Completes off the event loop, so what the caller chains on the future cannot stall the network. */
    <T> void complete(CompletableFuture<T> future, T value) {
        run(() -> future.complete(value));
    }

    void fail(CompletableFuture<?> future, Throwable t) {
        run(() -> future.completeExceptionally(t));
    }

    private void run(Runnable r) {
        try {
            completions.execute(r);
        } catch (RejectedExecutionException e) {
            r.run(); // the server is closing
        }
    }

    /** A request registered after the connection went down would wait forever: fail it now. */
    private void failIfDisconnected() {
        if (!connected || !channel.isActive()) {
            connected = false;
            pending.disconnect(new SwitchDisconnectedException(datapathId));
        }
    }

    private String dpid() {
        return String.format("%016x", datapathId);
    }

    @Override
    public String toString() {
        return "OpenFlowSwitch[" + dpid() + ", " + factory.getVersion() + (connected ? "" : ", disconnected") + "]";
    }
}
