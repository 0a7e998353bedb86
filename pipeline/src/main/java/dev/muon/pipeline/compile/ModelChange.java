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
            if (kind != ResourceKind.PORT && changed(before, after, kind)) {
                return UNPLACEABLE;
            }
        }
        List<PortChange> changes = new ArrayList<>();
        // shard by shard: only the shards a write copied are compared
        after.forEachChangeSince(before, ResourceKind.PORT, (was, now) -> changes.add(new PortChange(was, now)));
        Set<String> roles = portsWithRoles(after);
        for (PortChange c : changes) {
            if (hasRole(c.before(), roles) || hasRole(c.after(), roles)) {
                return UNPLACEABLE;
            }
        }
        return new ModelChange(true, List.copyOf(changes));
    }

    private static <T> boolean changed(NetworkModel before, NetworkModel after, ResourceKind<T> kind) {
        boolean[] any = {false};
        after.forEachChangeSince(before, kind, (was, now) -> any[0] = true);
        return any[0];
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
