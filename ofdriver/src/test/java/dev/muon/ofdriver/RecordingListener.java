package dev.muon.ofdriver;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A SwitchListener that queues what it hears, for tests to await. */
final class RecordingListener implements SwitchListener {
    record Event(String kind, OpenFlowSwitch sw, PacketIn packetIn) {
    }

    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

    @Override
    public void switchConnected(OpenFlowSwitch sw) {
        events.add(new Event("connected", sw, null));
    }

    @Override
    public void switchDisconnected(OpenFlowSwitch sw) {
        events.add(new Event("disconnected", sw, null));
    }

    @Override
    public void packetIn(OpenFlowSwitch sw, PacketIn packetIn) {
        events.add(new Event("packetIn", sw, packetIn));
    }

    /** The next event of this kind (for this datapath, if not 0), skipping others. */
    Event await(String kind, long dpid, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            Event e = events.poll(50, TimeUnit.MILLISECONDS);
            if (e != null && e.kind().equals(kind) && (dpid == 0 || e.sw().datapathId() == dpid)) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " event for " + Long.toHexString(dpid) + " within " + timeoutMillis + " ms");
    }
}
