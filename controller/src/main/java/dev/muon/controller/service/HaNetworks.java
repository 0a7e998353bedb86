package dev.muon.controller.service;

import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The "HA network tenant &lt;project&gt;" Neutron makes for a project's first HA router and
 * removes with its last. Neutron's HA routers speak VRRP over it between their L3 agents; Muon's
 * routers are flows on every node, with nothing to fail over, so this network carries nothing:
 * it exists because clients and the reference test suite expect to find it (an ordinary VXLAN
 * network owned by no project, visible to admins only, whose segment stays as long as it does).
 */
final class HaNetworks {
    private final SegmentAllocator segments;
    private final Clock clock;

    HaNetworks(SegmentAllocator segments, Clock clock) {
        this.segments = segments;
        this.clock = clock;
    }

    static String name(String projectId) {
        return "HA network tenant " + projectId;
    }

    /** {@code model} with the project's HA network if, and only if, one of its routers is HA. */
    NetworkModel settle(NetworkModel model, String projectId) {
        boolean wanted = model.all(ResourceKind.ROUTER).values().stream()
                .anyMatch(r -> r.ha() && r.projectId().equals(projectId));
        Optional<Network> existing = model.networks().values().stream()
                .filter(n -> n.projectId().isEmpty() && n.name().equals(name(projectId))).findFirst();
        if (wanted && existing.isEmpty()) {
            Segment segment = segments.choose(model, null, null, null);
            Instant now = clock.instant();
            return model.withNetwork(new Network(UUID.randomUUID().toString(), name(projectId), "", "", true, false,
                    false, segment.type(), segment.physicalNetwork(), segment.segmentationId(), segment.maxMtu(),
                    "ACTIVE", now, now, 1, false, true, List.of()));
        }
        if (!wanted && existing.isPresent()
                && model.ports().values().stream().noneMatch(p -> p.networkId().equals(existing.get().id()))) {
            return model.withoutNetwork(existing.get().id());
        }
        return model;
    }
}
