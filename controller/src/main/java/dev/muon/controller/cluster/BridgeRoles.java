package dev.muon.controller.cluster;

import dev.muon.ofdriver.ControllerRole;
import dev.muon.ofdriver.OpenFlowSwitch;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's OpenFlow role on each switch connection: master, with the lease's fencing
 * number as generation id, on the bridges of the nodes it owns; slave on the others, so that the
 * switch itself refuses the flow-mods of an instance that has lost a node and sends it no
 * packet-ins. Alone on its database (not clustered) no role is asked for: every connection stays
 * equal, as before.
 */
public final class BridgeRoles {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeRoles.class);
    private static final long ANSWER_SECONDS = 5;

    private record Granted(ControllerRole role, long generation) {
    }

    private final boolean clustered;
    private final Map<OpenFlowSwitch, Granted> granted = new ConcurrentHashMap<>();

    public BridgeRoles(boolean clustered) {
        this.clustered = clustered;
    }

    /** Makes this connection master with {@code generation}; returns once the switch granted it. */
    public void master(String node, String bridge, OpenFlowSwitch sw, long generation) throws Exception {
        if (!clustered || new Granted(ControllerRole.MASTER, generation).equals(granted.get(sw))) {
            return;
        }
        long t0 = System.nanoTime();
        granted.remove(sw);
        sw.requestRole(ControllerRole.MASTER, generation).get(ANSWER_SECONDS, TimeUnit.SECONDS);
        granted.put(sw, new Granted(ControllerRole.MASTER, generation));
        LOG.info("node {} {}: master (generation {}) in {} ms", node, bridge, generation,
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** Makes this connection a slave; does not wait (a refusal is retried by the next pass). */
    public void slave(String node, String bridge, OpenFlowSwitch sw, long generation) {
        if (!clustered) {
            return;
        }
        Granted slave = new Granted(ControllerRole.SLAVE, generation);
        Granted now = granted.get(sw);
        if (now != null && now.role() == ControllerRole.SLAVE) {
            return;   // a slave stays one whatever generation others have moved on to
        }
        granted.put(sw, slave);
        sw.requestRole(ControllerRole.SLAVE, generation).whenComplete((x, e) -> {
            if (e != null) {
                granted.remove(sw, slave);
                LOG.debug("node {} {}: slave role refused: {}", node, bridge, e.toString());
            } else {
                LOG.debug("node {} {}: slave (generation {})", node, bridge, generation);
            }
        });
    }

    /** Whether this instance is master on the connection (always, alone on its database). */
    public boolean isMaster(OpenFlowSwitch sw) {
        if (!clustered) {
            return true;
        }
        Granted g = granted.get(sw);
        return g != null && g.role() == ControllerRole.MASTER;
    }

    /** Forgets connections that are gone. */
    public void prune() {
        granted.keySet().removeIf(sw -> !sw.isConnected());
    }
}
