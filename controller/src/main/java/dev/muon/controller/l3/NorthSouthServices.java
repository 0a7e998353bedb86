package dev.muon.controller.l3;

import dev.muon.controller.node.NodeRegistry;
import dev.muon.controller.reconcile.NorthSouth;
import dev.muon.controller.reconcile.PortBindings;
import dev.muon.controller.reconcile.PushedState;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's north–south services for each pass: SNAT placed on live network nodes (a
 * node is live while its br-int's OpenFlow connection is up: a dead ovs-vswitchd drops it at
 * once), written as gateway port bindings before compiling; the upstream MACs and external ARP
 * from {@link ExternalArp}.
 */
public final class NorthSouthServices implements NorthSouth {
    private static final Logger LOG = LoggerFactory.getLogger(NorthSouthServices.class);

    private final Supplier<NetworkModel> model;
    private final Consumer<PortBindings.Change> bind;
    private final NodeRegistry registry;
    private final ExternalArp arp;
    private final Clock clock;
    private final Instant movesFrom;
    /** Nodes whose br-int has been connected since this controller started: their loss is a failure at once. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public NorthSouthServices(Supplier<NetworkModel> model, Consumer<PortBindings.Change> bind, NodeRegistry registry,
                              ExternalArp arp, Duration startupGrace, Clock clock) {
        this.model = model;
        this.bind = bind;
        this.registry = registry;
        this.arp = arp;
        this.clock = clock;
        this.movesFrom = clock.instant().plus(startupGrace);
    }

    @Override
    public NetworkModel place(NetworkModel snapshot, Map<String, NodeState> nodes) {
        Map<String, NodeConfig> live = new TreeMap<>();
        nodes.forEach((host, n) -> {
            if (n.config() != null && registry.switchOf(host, Bridges.INTEGRATION).filter(OpenFlowSwitch::isConnected)
                    .isPresent()) {
                live.put(host, n.config());
            }
        });
        seen.addAll(live.keySet());
        boolean settling = clock.instant().isBefore(movesFrom);
        List<SnatPlacement.Move> moves = SnatPlacement.moves(snapshot, live).stream()
                // just after a start, nodes are still reconnecting: a router stays on a node not back
                // yet; one seen since the start and gone has failed
                .filter(m -> !settling || m.from().isEmpty() || seen.contains(m.from()))
                .toList();
        for (SnatPlacement.Move m : moves) {
            if (m.from().isEmpty()) {
                LOG.info("router {}: SNAT placed on {}", m.routerId(), m.host());
            } else {
                LOG.warn("router {}: SNAT node {} is down; SNAT moves to {}", m.routerId(), m.from(),
                        m.host().isEmpty() ? "no node (no live network node maps its external network)" : m.host());
            }
            bind.accept(new PortBindings.Change(m.gatewayPortId(), m.host(), !m.host().isEmpty()));
        }
        return moves.isEmpty() ? snapshot : model.get();
    }

    @Override
    public Map<String, String> upstreamMacs() {
        return arp.upstreamMacs();
    }

    @Override
    public void passed(Map<String, DesiredState> desired, Map<String, PushedState> pushed) {
        arp.served(desired, pushed);
    }
}
