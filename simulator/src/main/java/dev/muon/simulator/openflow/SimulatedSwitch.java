package dev.muon.simulator.openflow;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;

/**
 * One simulated OpenFlow switch (one bridge of a simulated node): connects to its controller as
 * ovs-vswitchd does, speaks OpenFlow 1.3/1.4 (handshake, echo, barrier, bundles, flow-mods, flow
 * and port-description stats, meters, port status) and keeps a flow table as Open vSwitch would.
 */
public final class SimulatedSwitch implements AutoCloseable {

    /** Told after every committed change of the flow table (a flow-mod outside a bundle, or a bundle). */
    public interface FlowListener {
        /** @param nanos System.nanoTime() when the change was applied */
        void flowsChanged(SimulatedSwitch sw, long nanos);
    }

    public SimulatedSwitch(EventLoopGroup loop, long datapathId, InetSocketAddress controller) {
        throw new UnsupportedOperationException("not yet");
    }

    /** Connects to the controller; on loss, connects again every second until closed. */
    public void connect() {
        throw new UnsupportedOperationException("not yet");
    }

    public long datapathId() {
        throw new UnsupportedOperationException("not yet");
    }

    /** A port appears (port description, and PORT_STATUS ADD when connected). */
    public void addPort(int ofport, String name, String mac) {
        throw new UnsupportedOperationException("not yet");
    }

    /** A port goes away (PORT_STATUS DELETE when connected). */
    public void removePort(int ofport) {
        throw new UnsupportedOperationException("not yet");
    }

    public boolean isConnected() {
        throw new UnsupportedOperationException("not yet");
    }

    public int flowCount() {
        throw new UnsupportedOperationException("not yet");
    }

    public void listener(FlowListener listener) {
        throw new UnsupportedOperationException("not yet");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("not yet");
    }
}
