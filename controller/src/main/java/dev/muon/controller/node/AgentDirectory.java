package dev.muon.controller.node;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.AgentRequest;
import dev.muon.northbound.AgentService;
import dev.muon.northbound.AgentView;
import dev.muon.northbound.AvailabilityZoneView;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.model.Agent;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Each node Muon knows, shown as the Open vSwitch agent Neutron would have on it: Muon does
 * that agent's work for the node from the controller. Live facts (alive, zone, bridge
 * mappings, tunnel address) come from the node; what an operator sets (admin_state_up,
 * description) is kept in the model as an {@link Agent} record. admin_state_up is recorded and
 * shown but changes nothing on the node: Neutron's OVS agent, too, keeps wiring ports when it
 * is administratively down.
 *
 * <p>Deleting an agent forgets an away node at once (it no longer waits out its grace period,
 * and the other nodes drop their tunnels to it); a connected node's agent is back at once,
 * as Neutron's is at the agent's next heartbeat, with what the operator had set cleared.
 */
public final class AgentDirectory implements AgentService {
    static final String AGENT_TYPE = "Open vSwitch agent";
    static final String BINARY = "neutron-openvswitch-agent";

    private final Supplier<List<AgentNode>> nodes;
    private final ModelStore store;
    private final Consumer<String> forget;
    private final Clock clock;

    /** @param forget forgets an away node now (see {@link NodeMemory#forget}) */
    public AgentDirectory(Supplier<List<AgentNode>> nodes, ModelStore store, Consumer<String> forget, Clock clock) {
        this.nodes = nodes;
        this.store = store;
        this.forget = forget;
        this.clock = clock;
    }

    /** An agent's id: the same for a hostname on every controller and after every restart. */
    public static String idOf(String hostname) {
        return UUID.nameUUIDFromBytes(("muon agent " + hostname).getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public List<AgentView> list(RequestContext ctx) {
        if (!ctx.isAdmin()) {
            return List.of();   // Neutron's policy filters out every agent a non-admin would see
        }
        NetworkModel model = store.snapshot();
        Instant now = clock.instant();
        return nodes.get().stream().map(n -> view(n, model, now)).toList();
    }

    @Override
    public AgentView get(RequestContext ctx, String id) {
        AgentNode node = find(ctx, id);
        return view(node, store.snapshot(), clock.instant());
    }

    @Override
    public AgentView update(RequestContext ctx, String id, AgentRequest changes) {
        AgentNode node = find(ctx, id);
        AgentView shown = view(node, store.snapshot(), clock.instant());
        Instant now = clock.instant();
        Agent agent = new Agent(id, node.hostname(),
                changes.adminStateUp() == null ? shown.adminStateUp() : changes.adminStateUp(),
                changes.description() == null ? shown.description() : changes.description(),
                shown.createdAt() == null ? now : shown.createdAt(), now);
        store.write(m -> Result.of(m.with(ResourceKind.AGENT, agent), null));
        return view(node, store.snapshot(), clock.instant());
    }

    @Override
    public void delete(RequestContext ctx, String id) {
        AgentNode node = find(ctx, id);
        store.write(m -> Result.of(m.get(ResourceKind.AGENT, id).isPresent() ? m.without(ResourceKind.AGENT, id) : m,
                null));
        if (!node.alive()) {
            forget.accept(node.hostname());
        }
    }

    /** The zones {@code nodes} are in. */
    public static Set<String> zonesOf(List<AgentNode> nodes) {
        Set<String> zones = new TreeSet<>();
        nodes.forEach(n -> zones.add(n.config().availabilityZone()));
        return zones;
    }

    @Override
    public List<AvailabilityZoneView> availabilityZones(RequestContext ctx) {
        NetworkModel model = store.snapshot();
        Map<String, Boolean> zones = new TreeMap<>();
        for (AgentNode n : nodes.get()) {
            boolean up = n.alive() && model.get(ResourceKind.AGENT, idOf(n.hostname())).map(Agent::adminStateUp)
                    .orElse(true);
            zones.merge(n.config().availabilityZone(), up, Boolean::logicalOr);
        }
        List<AvailabilityZoneView> out = new ArrayList<>();
        // every node serves its networks' DHCP and its routers' flows: a zone hosts both kinds
        zones.forEach((zone, up) -> {
            out.add(new AvailabilityZoneView(zone, "network", up));
            out.add(new AvailabilityZoneView(zone, "router", up));
        });
        return out;
    }

    private AgentNode find(RequestContext ctx, String id) {
        Optional<AgentNode> node = ctx.isAdmin()
                ? nodes.get().stream().filter(n -> idOf(n.hostname()).equals(id)).findFirst() : Optional.empty();
        return node.orElseThrow(() -> NeutronException.notFound("AgentNotFound", "Agent " + id + " could not be found."));
    }

    private static AgentView view(AgentNode n, NetworkModel model, Instant now) {
        String id = idOf(n.hostname());
        Optional<Agent> set = model.get(ResourceKind.AGENT, id);
        Instant started = n.startedAt();
        Instant heartbeat = n.alive() ? now : n.lastSeen() != null ? n.lastSeen() : started;
        Instant created = set.map(Agent::createdAt).orElse(started != null ? started : heartbeat);
        return new AgentView(id, AGENT_TYPE, BINARY, "N/A", n.hostname(), n.alive(),
                set.map(Agent::adminStateUp).orElse(true), set.map(Agent::description).orElse(""),
                n.config().availabilityZone(), configurations(n), heartbeat, started, created);
    }

    /** What Neutron's OVS agent reports in its state, as far as Muon does the same work. */
    private static Map<String, Object> configurations(AgentNode n) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("bridge_mappings", new TreeMap<>(n.config().bridgeMappings()));
        c.put("tunnel_types", n.config().encapIp() == null ? List.of() : List.of("vxlan"));
        c.put("tunneling_ip", n.config().encapIp());
        c.put("integration_bridge", Bridges.INTEGRATION);
        c.put("tunnel_bridge", Bridges.TUNNEL);
        c.put("datapath_type", n.config().datapathType());
        c.put("devices", n.devices());
        c.put("l2_population", false);
        c.put("arp_responder_enabled", true);
        c.put("enable_distributed_routing", true);
        c.put("extensions", List.of());
        c.put("muon_role", n.config().role().name().toLowerCase(java.util.Locale.ROOT));
        return c;
    }
}
