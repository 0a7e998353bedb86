package dev.muon.ofdriver;

import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Allocates transaction ids and routes replies and errors to the request that owns them.
 * A request reserves a contiguous xid range, so a 100k-message bundle costs one map entry,
 * and an error for any message of it finds the bundle with one floor lookup.
 */
final class PendingRequests {
    private static final long XID_LIMIT = 0xffff_ffffL;

    private record Range(long last, PendingRequest request) {
    }

    private final ConcurrentSkipListMap<Long, Range> byFirstXid = new ConcurrentSkipListMap<>();
    private long nextXid = 1;

    /** Reserves {@code count} consecutive xids without a request (handshake, packet-out, echo). */
    synchronized long allocate(int count) {
        if (nextXid + count > XID_LIMIT) {
            nextXid = 1; // wrap; ids from 4 billion messages ago are long answered
        }
        long first = nextXid;
        nextXid += count;
        return first;
    }

    /** Reserves {@code count} consecutive xids for {@code request}; returns the first. */
    long register(PendingRequest request, int count) {
        long first = allocate(count);
        byFirstXid.put(first, new Range(first + count - 1, request));
        return first;
    }

    void remove(long firstXid) {
        byFirstXid.remove(firstXid);
    }

    /** Routes a reply; false if no request owns the xid. */
    boolean reply(long xid, Object reply) {
        Map.Entry<Long, Range> e = find(xid);
        if (e == null) {
            return false;
        }
        if (e.getValue().request().onReply(xid, reply)) {
            byFirstXid.remove(e.getKey(), e.getValue());
        }
        return true;
    }

    /** Routes an error; false if no request owns its xid. */
    boolean error(OpenFlowErrorException error) {
        Map.Entry<Long, Range> e = find(error.xid());
        if (e == null) {
            return false;
        }
        if (e.getValue().request().onError(error)) {
            byFirstXid.remove(e.getKey(), e.getValue());
        }
        return true;
    }

    /** Fails everything in flight. */
    void disconnect(SwitchDisconnectedException cause) {
        while (!byFirstXid.isEmpty()) {
            Map.Entry<Long, Range> e = byFirstXid.pollFirstEntry();
            if (e != null) {
                e.getValue().request().onDisconnect(cause);
            }
        }
    }

    int size() {
        return byFirstXid.size();
    }

    private Map.Entry<Long, Range> find(long xid) {
        Map.Entry<Long, Range> e = byFirstXid.floorEntry(xid);
        return e != null && xid <= e.getValue().last() ? e : null;
    }
}
