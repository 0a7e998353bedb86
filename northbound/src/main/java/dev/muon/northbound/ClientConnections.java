package dev.muon.northbound;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import dev.muon.pipeline.node.WarningThrottle;
import java.util.Arrays;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one client may hold of the API's connections: at most {@code perAddress} from one address
 * (so one host cannot fill the listener's whole limit), and no connection that starts no request
 * for a whole {@code requestDeadline} while none is in progress (headers trickled a byte at a time
 * keep a connection from ever being idle, and Jetty has no deadline for them).
 */
final class ClientConnections implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnections.class);

    private final int perAddress;
    private final Duration requestDeadline;
    private final Scheduler scheduler;
    private final Map<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    /**
     * The address each counted connection was counted under: a closed endpoint no longer knows
     * its remote address (Jetty answers null), so onClosed could not give the share back.
     */
    private final Map<Connection, InetAddress> counted = new ConcurrentHashMap<>();
    private final WarningThrottle warnings = new WarningThrottle(10, TimeUnit.SECONDS);

    ClientConnections(int perAddress, Duration requestDeadline, Scheduler scheduler) {
        this.perAddress = perAddress;
        this.requestDeadline = requestDeadline;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection c) {
        if (!(c instanceof HttpConnection http)) {
            return;   // over TLS the SslConnection opens too: count the HTTP one only
        }
        InetAddress address = address(c);
        if (address != null) {
            counted.put(c, address);
        }
        if (address != null && held(address) > perAddress) {
            warn("{} already holds {} connections to the API, the most one address may; closing", address, perAddress);
            c.getEndPoint().close();
            return;
        }
        watch(http, 0);
    }

    @Override
    public void onClosed(Connection c) {
        InetAddress address = counted.remove(c);
        if (address != null) {
            open.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Counts one more connection from {@code address}; atomic with onClosed's decrement and removal. */
    private int held(InetAddress address) {
        int[] now = new int[1];
        open.compute(address, (a, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            now[0] = count.incrementAndGet();
            return count;
        });
        return now[0];
    }

    /** Closes {@code c} if, one deadline from now, it has begun no request since {@code requests} and serves none. */
    private void watch(HttpConnection c, long requests) {
        scheduler.schedule(() -> {
            if (!c.getEndPoint().isOpen()) {
                return;
            }
            long now = c.getMessagesIn();
            if (now == requests && c.getHttpChannel().getState().isIdle()) {
                warn("{}: no request within {} s; closing", c.getEndPoint().getRemoteSocketAddress(),
                        requestDeadline.toSeconds());
                c.getEndPoint().close();
                return;
            }
            watch(c, now);
        }, requestDeadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static InetAddress address(Connection c) {
        SocketAddress remote = c.getEndPoint().getRemoteSocketAddress();
        return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    /** Rate-limited: a flood of connections must not flood the log. */
    private void warn(String format, Object... args) {
        long held = warnings.admit();
        if (held >= 0) {
            Object[] all = Arrays.copyOf(args, args.length + 1);
            all[args.length] = WarningThrottle.suppressedNote(held);
            LOG.warn(format + "{}", all);
        }
    }
}
