package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.model.Trunk;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two model snapshots, as far as the incremental compiler can place it: either
 * only plain VM ports (each one's version before and after, null when absent) or something it cannot
 * place ({@link #placeable()} false), after which every node recompiles. A change to any other kind,
 * or to a port with a role beyond its own network (a router's or DHCP's port, a floating IP's target,
 * a trunk's parent or subport), is not placeable: such ports reach nodes that do not carry their network.
 */
public record ModelChange(boolean placeable, List<PortChange> ports) {

    /** One port's versions; {@code before} is null for a new port, {@code after} for a deleted one. */
    public record PortChange(Port before, Port after) {
        public String id() {
            return before != null ? before.id() : after.id();
        }
    }

    static final ModelChange NONE = new ModelChange(true, List.of());
    static final ModelChange UNPLACEABLE = new ModelChange(false, List.of());

    public boolean isEmpty() {
        return placeable && ports.isEmpty();
    }

    public static ModelChange between(NetworkModel before, NetworkModel after) {
        if (before == after) {
            return NONE;
        }
        for (ResourceKind<?> kind : ResourceKind.ALL) {
            // snapshots share the maps of kinds a write did not touch, so this is mostly identity
            if (kind != ResourceKind.PORT && !before.all(kind).equals(after.all(kind))) {
                return UNPLACEABLE;
            }
        }
        Map<String, Port> was = before.ports();
        Map<String, Port> now = after.ports();
        if (was == now) {
            return NONE;
        }
        List<PortChange> changes = new ArrayList<>();
        now.forEach((id, port) -> {
            Port old = was.get(id);
            if (old != port && (old == null || !old.equals(port))) {
                changes.add(new PortChange(old, port));
            }
        });
        long added = changes.stream().filter(c -> c.before() == null).count();
        if (was.size() + added != now.size()) {   // some were deleted
            was.forEach((id, port) -> {
                if (!now.containsKey(id)) {
                    changes.add(new PortChange(port, null));
                }
            });
        }
        Set<String> roles = portsWithRoles(after);
        for (PortChange c : changes) {
            if (hasRole(c.before(), roles) || hasRole(c.after(), roles)) {
                return UNPLACEABLE;
            }
        }
        return new ModelChange(true, List.copyOf(changes));
    }

    private static boolean hasRole(Port p, Set<String> roles) {
        return p != null && (p.deviceOwner().startsWith("network:") || roles.contains(p.id()));
    }

    /** Floating IP targets and trunk ports (parents and subports): the model's other kinds name them. */
    private static Set<String> portsWithRoles(NetworkModel model) {
        Set<String> out = new HashSet<>();
        for (FloatingIp f : model.all(ResourceKind.FLOATING_IP).values()) {
            if (f.portId() != null) {
                out.add(f.portId());
            }
            out.add(f.floatingPortId());
        }
        for (Trunk t : model.all(ResourceKind.TRUNK).values()) {
            out.add(t.portId());
            t.subPorts().stream().map(SubPort::portId).forEach(out::add);
        }
        return out;
    }
}
