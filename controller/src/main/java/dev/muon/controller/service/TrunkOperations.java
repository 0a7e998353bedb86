package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.SubPortRequest;
import dev.muon.northbound.TrunkRequest;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.model.Trunk;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Trunks ("VLAN aware VMs") with Neutron's checks: a port is in at most one trunk, as parent or
 * as subport; a subport is not the parent, not attached to a device, and its network's MTU is
 * not above the parent's; segmentation ids are VLAN ids 1-4094, unique within the trunk; a
 * disabled trunk cannot be changed. A trunk is DOWN until the dataplane wires its parent.
 * A subport's segmentation may be "inherit": its network's type and id, which Muon, like
 * Neutron's OVS trunk driver, takes only from a VLAN network. The checks run in Neutron's
 * order, so a malformed subport is a 400 before a missing port is a 404.
 */
final class TrunkOperations implements ResourceOperations<Trunk, TrunkRequest> {
    static final String DOWN = "DOWN";

    private final ServiceConfig config;
    private final Clock clock;

    TrunkOperations(ServiceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Result<Trunk> create(NetworkModel model, RequestContext ctx, TrunkRequest r) {
        if (r.portId() == null) {
            throw ServiceErrors.required("port_id");
        }
        Port parent = Policies.PORTS.find(model, ctx, r.portId());
        refuseTrunked(model, parent.id(), true);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Trunk trunk = new Trunk(id, NetworkOperations.orEmpty(r.name()), NetworkOperations.orEmpty(r.description()),
                Policies.owner(ctx, r.projectId(), "trunk", config), parent.id(),
                r.adminStateUp() == null || r.adminStateUp(), DOWN, List.of(), r.tags(), now, now, 1);
        List<SubPort> subPorts = r.subPorts() == null ? List.of() : checkedSubPorts(model, ctx, trunk, r.subPorts());
        trunk = trunk.withSubPorts(subPorts);
        return Result.of(model.with(ResourceKind.TRUNK, trunk), trunk);
    }

    @Override
    public Result<Trunk> update(NetworkModel model, RequestContext ctx, Trunk t, TrunkRequest r) {
        Trunk updated = new Trunk(t.id(), r.name() == null ? t.name() : r.name(),
                r.description() == null ? t.description() : r.description(), t.projectId(), t.portId(),
                r.adminStateUp() == null ? t.adminStateUp() : r.adminStateUp(), t.status(), t.subPorts(), t.tags(),
                t.createdAt(), t.updatedAt(), t.revisionNumber());
        if (updated.equals(t)) {
            return Result.unchanged(model, t);
        }
        updated = updated.revised(clock.instant());
        return Result.of(model.with(ResourceKind.TRUNK, updated), updated);
    }

    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, Trunk t) {
        refuseDisabled(t);
        return Result.of(model.without(ResourceKind.TRUNK, t.id()), null);
    }

    Result<Trunk> addSubPorts(NetworkModel model, RequestContext ctx, Trunk t, List<SubPortRequest> requested) {
        refuseDisabled(t);
        List<SubPort> all = new ArrayList<>(t.subPorts());
        all.addAll(checkedSubPorts(model, ctx, t, requested));
        Trunk updated = t.withSubPorts(all).revised(clock.instant());
        return Result.of(model.with(ResourceKind.TRUNK, updated), updated);
    }

    Result<Trunk> removeSubPorts(NetworkModel model, Trunk t, List<SubPortRequest> requested) {
        refuseDisabled(t);
        Set<String> ids = uniquePortIds(requested);
        List<SubPort> kept = new ArrayList<>(t.subPorts());
        for (String id : ids) {
            if (!kept.removeIf(s -> s.portId().equals(id))) {
                throw NeutronException.notFound("SubPortNotFound", "SubPort " + id + " on trunk " + t.id()
                        + " could not be found.");
            }
        }
        Trunk updated = t.withSubPorts(kept).revised(clock.instant());
        return Result.of(model.with(ResourceKind.TRUNK, updated), updated);
    }

    private List<SubPort> checkedSubPorts(NetworkModel model, RequestContext ctx, Trunk t,
                                          List<SubPortRequest> requested) {
        uniquePortIds(requested);
        Port parent = model.port(t.portId()).orElseThrow();
        int parentMtu = model.network(parent.networkId()).map(Network::mtu).orElse(Integer.MAX_VALUE);
        Set<Integer> used = new HashSet<>();
        t.subPorts().forEach(s -> used.add(s.segmentationId()));
        List<SubPort> added = new ArrayList<>();
        for (SubPortRequest r : requested) {
            SubPortRequest s = inherited(model, ctx, r);
            if (s.portId().equals(t.portId())) {
                throw parentPortInUse(s.portId());
            }
            Optional<Port> visible = Policies.PORTS.visible(model, ctx, s.portId());
            int mtu = visible.flatMap(p -> model.network(p.networkId())).map(Network::mtu).orElse(0);
            if (mtu > parentMtu) {
                throw NeutronException.conflict("SubPortMtuGreaterThanTrunkPortMtu", "MTU " + mtu + " of subport "
                        + s.portId() + " cannot be greater than MTU " + parentMtu + " of trunk " + t.portId() + ".");
            }
            if (s.segmentationType() == null || s.segmentationId() == null) {
                throw ServiceErrors.invalidInput("Invalid subport details '" + describe(s) + "': missing "
                        + "segmentation information. Must specify both segmentation_id and segmentation_type");
            }
            if (!s.segmentationType().equals(SubPort.VLAN)) {
                throw ServiceErrors.invalidInput("Unknown segmentation_type '" + s.segmentationType() + "'");
            }
            if (s.segmentationId() < 1 || s.segmentationId() > 4094) {
                throw ServiceErrors.invalidInput("Segmentation ID '" + s.segmentationId() + "' is not in range");
            }
            Port port = Policies.PORTS.find(model, ctx, s.portId());
            refuseTrunked(model, port.id(), false);
            if (!port.deviceId().isEmpty()) {
                throw ServiceErrors.portInUse(port.networkId(), port.id(), port.deviceId());
            }
            if (!used.add(s.segmentationId())) {
                throw NeutronException.conflict("DuplicateSubPort", "segmentation_type vlan and segmentation_id "
                        + s.segmentationId() + " already in use on trunk " + t.id() + ".");
            }
            added.add(new SubPort(port.id(), SubPort.VLAN, s.segmentationId()));
        }
        return added;
    }

    /**
     * "inherit" made concrete: the type and id of the subport's network (a flat network has no
     * id), when the caller sees the port; otherwise the request as sent, which the checks refuse.
     */
    private static SubPortRequest inherited(NetworkModel model, RequestContext ctx, SubPortRequest s) {
        if (!SubPortRequest.INHERIT.equals(s.segmentationType())) {
            return s;
        }
        return Policies.PORTS.visible(model, ctx, s.portId())
                .flatMap(p -> model.network(p.networkId()))
                .map(n -> new SubPortRequest(s.portId(), n.networkType().neutronName(), n.segmentationId()))
                .orElse(s);
    }

    /** A port already a subport, or already a trunk's parent, cannot join another trunk. */
    private static void refuseTrunked(NetworkModel model, String portId, boolean asParent) {
        for (Trunk other : model.all(ResourceKind.TRUNK).values()) {
            if (other.subPorts().stream().anyMatch(s -> s.portId().equals(portId))) {
                throw NeutronException.conflict("TrunkPortInUse", "Port " + portId + " is in use by another trunk.");
            }
            if (other.portId().equals(portId)) {
                throw parentPortInUse(portId);
            }
        }
    }

    private static Set<String> uniquePortIds(List<SubPortRequest> requested) {
        Set<String> ids = new HashSet<>();
        for (SubPortRequest s : requested) {
            if (!ids.add(s.portId())) {
                throw ServiceErrors.invalidInput("Non unique UUID for subport: '" + s.portId() + "'");
            }
        }
        return ids;
    }

    private static NeutronException parentPortInUse(String portId) {
        return NeutronException.conflict("ParentPortInUse", "Port " + portId + " is currently in use and is not "
                + "eligible for use as a parent port.");
    }

    private static void refuseDisabled(Trunk t) {
        if (!t.adminStateUp()) {
            throw NeutronException.conflict("TrunkDisabled", "Trunk " + t.id() + " is currently disabled.");
        }
    }

    private static String describe(SubPortRequest s) {
        StringBuilder b = new StringBuilder("{'port_id': '").append(s.portId()).append('\'');
        if (s.segmentationType() != null) {
            b.append(", 'segmentation_type': '").append(s.segmentationType()).append('\'');
        }
        if (s.segmentationId() != null) {
            b.append(", 'segmentation_id': ").append(s.segmentationId());
        }
        return b.append('}').toString();
    }
}
