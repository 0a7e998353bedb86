package dev.muon.ovsdb;

import static dev.muon.ovsdb.OvsdbTables.DATABASE;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSession;
import org.onosproject.ovsdb.rfc.operations.Operation;
import org.onosproject.ovsdb.rfc.schema.DatabaseSchema;
import org.onosproject.ovsdb.rfc.utils.FromJsonUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's OVSDB connection: fetches the Open_vSwitch schema, monitors the tables Muon
 * needs into a {@link TableCache}, reports the node to the {@link OvsdbListener}, and turns
 * {@link #apply} calls into transactions. Cache and listener calls live on the channel's
 * event loop; apply() may be called from any thread.
 */
final class OvsdbConnection implements OvsdbNode, JsonRpcSession.Peer {

    private static final Logger log = LoggerFactory.getLogger(OvsdbConnection.class);

    /** Our monitor's id, echoed back in every "update" notification. */
    private static final String MONITOR_ID = "muon";

    /**
     * How long apply() waits for the monitor to show a committed transaction. ovsdb-server
     * may answer a transact before it sends the matching update; an apply right after that
     * would otherwise diff against a stale cache and insert the same bridge twice.
     */
    private static final long CONVERGE_TIMEOUT_MS = 10_000;

    private final OvsdbListener listener;
    private final TableCache cache = new TableCache();
    private final AtomicInteger transactions = new AtomicInteger();
    private final List<Convergence> converging = new ArrayList<>();

    private volatile String connectionId = "unconnected";
    private volatile JsonRpcSession session;
    private volatile DatabaseSchema schema;
    private volatile OvsdbSnapshot snapshot = OvsdbSnapshot.EMPTY;
    private volatile NodeState state;
    private volatile boolean connected;
    private volatile Optional<SSLSession> tlsSession = Optional.empty();
    private NodeStateMapper mapper;
    private boolean announced;
    private CompletableFuture<Void> applyTail = CompletableFuture.completedFuture(null);

    /** An applied transaction waiting for the cache to show it. */
    private record Convergence(DesiredState desired, CompletableFuture<Void> done, ScheduledFuture<?> timeout) {
    }

    OvsdbConnection(OvsdbListener listener) {
        this.listener = listener;
        this.state = new NodeState(connectionId, null, Set.of(), List.of());
    }

    @Override
    public String connectionId() {
        return connectionId;
    }

    @Override
    public NodeState state() {
        return state;
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    /** Transactions sent so far; apply() sends none when the node already matches. */
    int transactionsSent() {
        return transactions.get();
    }

    /** The cached database as of the last update. */
    OvsdbSnapshot snapshot() {
        return snapshot;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return tlsSession;
    }

    @Override
    public void disconnect() {
        close();
    }

    void close() {
        JsonRpcSession s = session;
        if (s != null) {
            s.channel().close();
        }
    }

    @Override
    public String toString() {
        return "OVSDB node " + connectionId + (state.hostname() == null ? "" : " (" + state.hostname() + ")");
    }

    // --- session events (event loop) ---

    @Override
    public void sessionStarted(JsonRpcSession started) {
        session = started;
        // read once, while the channel is up: a closed channel's pipeline no longer shows its TLS handler
        tlsSession = Optional.ofNullable(started.channel().pipeline().get(SslHandler.class)).map(h -> h.engine().getSession());
        connectionId = describe(started.channel().remoteAddress());
        mapper = new NodeStateMapper(connectionId);
        state = new NodeState(connectionId, null, Set.of(), List.of());
        log.debug("OVSDB connection from {}", connectionId);   // said at info once it is a node
        started.request("get_schema", List.of(DATABASE))
                .thenCompose(json -> {
                    schema = FromJsonUtil.jsonNodeToDbSchema(DATABASE, json);
                    return started.request("monitor",
                            List.of(DATABASE, MONITOR_ID, OvsdbTables.monitorRequests(schema)));
                })
                .whenComplete((initial, error) -> onEventLoop(() -> {
                    if (error != null) {
                        JsonRpcSession.warn("{}: cannot monitor the Open_vSwitch database, closing: {}{}",
                                connectionId, unwrap(error).getMessage());
                        started.channel().close();
                    } else {
                        monitorStarted(initial);
                    }
                }));
    }

    private void monitorStarted(JsonNode initialRows) {
        if (!session.channel().isActive()) {
            return;
        }
        refresh(initialRows);
        connected = true;
        announced = true;
        log.info("OVSDB connection from {}: monitoring, hostname {}", connectionId,
                state.hostname() == null ? null : NodeConfig.shown(state.hostname()));
        notifyListener(() -> listener.nodeConnected(this));
        notifyListener(() -> listener.nodeChanged(this, state));
    }

    @Override
    public void notification(String method, JsonNode params) {
        if (!method.equals("update") || schema == null || params == null || params.size() < 2) {
            log.debug("{}: ignoring notification {}", connectionId, method);
            return;
        }
        refresh(params.get(1));
        checkConverging();
        if (announced) {
            notifyListener(() -> listener.nodeChanged(this, state));
        }
    }

    @Override
    public void sessionEnded() {
        connected = false;
        for (Convergence c : converging) {
            c.timeout().cancel(false);
            c.done().completeExceptionally(new OvsdbException(connectionId + " disconnected"));
        }
        converging.clear();
        if (announced) {
            log.info("OVSDB connection from {} closed", connectionId);
            notifyListener(() -> listener.nodeDisconnected(this));
        }
    }

    private void refresh(JsonNode tableUpdates) {
        cache.apply(FromJsonUtil.jsonNodeToTableUpdates(tableUpdates, schema));
        snapshot = cache.snapshot();
        state = mapper.map(snapshot);
    }

    // --- apply ---

    @Override
    public CompletableFuture<Void> apply(DesiredState desired) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> previous;
        synchronized (this) {
            previous = applyTail;
            applyTail = done;
        }
        // one at a time: each diff must see the previous transaction in the cache
        previous.whenComplete((ignored, error) -> {
            try {
                onEventLoop(() -> applyNow(desired, done));
            } catch (RuntimeException e) { // event loop shut down
                done.completeExceptionally(new OvsdbException(connectionId + " is closed: " + e));
            }
        });
        return done;
    }

    private void applyNow(DesiredState desired, CompletableFuture<Void> done) {
        if (!connected) {
            done.completeExceptionally(new OvsdbException(connectionId + " is not connected"));
            return;
        }
        List<Operation> ops;
        try {
            ops = OvsdbDiff.operations(snapshot, desired, schema);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
            return;
        }
        if (ops.isEmpty()) {
            done.complete(null);
            return;
        }
        transactions.incrementAndGet();
        List<Object> params = new ArrayList<>(ops.size() + 1);
        params.add(DATABASE);
        params.addAll(ops);
        log.debug("{}: transact {} operations", connectionId, ops.size());
        session.request("transact", params).whenComplete((result, error) -> onEventLoop(() -> {
            String failure = error != null ? unwrap(error).getMessage() : TransactReply.errors(result, ops);
            if (failure != null) {
                log.warn("{}: transaction failed: {}", connectionId, failure);
                done.completeExceptionally(new OvsdbException("OVSDB transaction on " + this + " failed: " + failure));
            } else {
                awaitConvergence(desired, done);
            }
        }));
    }

    private void awaitConvergence(DesiredState desired, CompletableFuture<Void> done) {
        if (matches(desired)) {
            done.complete(null);
            return;
        }
        log.debug("{}: transaction committed, waiting for the monitor update", connectionId);
        Convergence[] self = new Convergence[1];
        ScheduledFuture<?> timeout = session.channel().eventLoop().schedule(() -> {
            if (converging.remove(self[0])) {
                log.warn("{}: committed transaction not yet visible after {} ms", connectionId, CONVERGE_TIMEOUT_MS);
                done.complete(null);
            }
        }, CONVERGE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        self[0] = new Convergence(desired, done, timeout);
        converging.add(self[0]);
    }

    private void checkConverging() {
        for (Iterator<Convergence> it = converging.iterator(); it.hasNext(); ) {
            Convergence c = it.next();
            if (matches(c.desired())) {
                it.remove();
                c.timeout().cancel(false);
                c.done().complete(null);
            }
        }
    }

    private boolean matches(DesiredState desired) {
        return OvsdbDiff.operations(snapshot, desired, schema).isEmpty();
    }

    // --- helpers ---

    private void onEventLoop(Runnable task) {
        JsonRpcSession s = session;
        Channel ch = s == null ? null : s.channel();
        if (ch == null || ch.eventLoop().inEventLoop()) {
            task.run();
        } else {
            ch.eventLoop().execute(task);
        }
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.error("{}: OVSDB listener failed", connectionId, e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
