package dev.muon.simulator;

import dev.muon.simulator.openflow.SimulatedSwitch;
import dev.muon.simulator.ovsdb.Datapaths;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow side of a node: one {@link SimulatedSwitch} per bridge whose Controller
 * target is {@code tcp:IP:PORT}, kept as the ovs-vswitchd emulation reports the bridge
 * and its ports. A switch that fails is logged, and the database side carries on.
 */
final class Switches implements Datapaths, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Switches.class);

    private final EventLoop loop;
    private final Map<String, SimulatedSwitch> byBridge = new ConcurrentHashMap<>();

    Switches(EventLoop loop) {
        this.loop = loop;
    }

    Map<String, SimulatedSwitch> byBridge() {
        return Map.copyOf(byBridge);
    }

    @Override
    public void bridgeUp(String bridge, long datapathId, String controllerTarget) {
        InetSocketAddress controller = tcpTarget(controllerTarget);
        if (controller == null) {
            return;
        }
        guarded(bridge, () -> {
            SimulatedSwitch sw = new SimulatedSwitch(loop, datapathId, controller);
            byBridge.put(bridge, sw);
            sw.connect();
        });
    }

    @Override
    public void bridgeDown(String bridge) {
        SimulatedSwitch sw = byBridge.remove(bridge);
        if (sw != null) {
            guarded(bridge, sw::close);
        }
    }

    @Override
    public void portAdded(String bridge, int ofport, String name, String mac) {
        SimulatedSwitch sw = byBridge.get(bridge);
        if (sw != null) {
            guarded(bridge, () -> sw.addPort(ofport, name, mac));
        }
    }

    @Override
    public void portRemoved(String bridge, int ofport) {
        SimulatedSwitch sw = byBridge.get(bridge);
        if (sw != null) {
            guarded(bridge, () -> sw.removePort(ofport));
        }
    }

    @Override
    public void close() {
        byBridge.keySet().forEach(this::bridgeDown);
    }

    private static void guarded(String bridge, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("simulated switch of bridge {} failed: {}", bridge, e.toString());
        }
    }

    /** {@code tcp:IP:PORT} (IPv6 in brackets) as an address; null for any other kind of target. */
    static InetSocketAddress tcpTarget(String target) {
        if (target == null || !target.startsWith("tcp:")) {
            return null;
        }
        String rest = target.substring(4);
        int colon = rest.lastIndexOf(':');
        if (colon <= 0) {
            return null;
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new InetSocketAddress(host, Integer.parseInt(rest.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
