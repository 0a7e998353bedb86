package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NetworkRequest;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Subnet;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.List;
import java.util.UUID;

/** Network create, update and delete as functions from one snapshot to the next. */
final class NetworkOperations {
    private static final int MIN_MTU = 68;

    private final ServiceConfig config;
    private final SegmentAllocator segments;
    private final Clock clock;

    NetworkOperations(ServiceConfig config, Clock clock) {
        this.config = config;
        this.segments = new SegmentAllocator(config);
        this.clock = clock;
    }

    Result<Network> create(NetworkModel model, NetworkRequest r) {
        refuseNetworkPortSecurityOff(r.portSecurityEnabled());
        Segment segment = segments.choose(model, r.networkType(), r.physicalNetwork(), r.segmentationId());
        int mtu = r.mtu() == null ? segment.maxMtu() : checkedMtu(r.mtu(), segment);
        Instant now = clock.instant();
        Network network = new Network(
                UUID.randomUUID().toString(),
                orEmpty(r.name()),
                orEmpty(r.description()),
                r.projectId() == null ? config.defaultProjectId() : r.projectId(),
                r.adminStateUp() == null || r.adminStateUp(),
                r.shared() != null && r.shared(),
                r.external() != null && r.external(),
                segment.type(),
                segment.physicalNetwork(),
                segment.segmentationId(),
                mtu,
                "ACTIVE",
                now,
                now,
                1,
                false,
                true,
                List.of());
        return Result.of(model.withNetwork(network), network);
    }

    Result<Network> update(NetworkModel model, String id, NetworkRequest r) {
        Network n = model.network(id).orElseThrow(() -> ServiceErrors.networkNotFound(id));
        refuseNetworkPortSecurityOff(r.portSecurityEnabled());
        boolean providerChanged =
                (r.networkType() != null && !r.networkType().equalsIgnoreCase(n.networkType().neutronName()))
                        || (r.physicalNetwork() != null && !r.physicalNetwork().equals(n.physicalNetwork()))
                        || (r.segmentationId() != null && !r.segmentationId().equals(n.segmentationId()));
        if (providerChanged) {
            throw ServiceErrors.invalidInput("Plugin does not support updating provider attributes");
        }
        Segment segment = new Segment(n.networkType(), n.physicalNetwork(), n.segmentationId());
        Network updated = new Network(
                n.id(),
                r.name() == null ? n.name() : r.name(),
                r.description() == null ? n.description() : r.description(),
                n.projectId(),
                r.adminStateUp() == null ? n.adminStateUp() : r.adminStateUp(),
                r.shared() == null ? n.shared() : r.shared(),
                r.external() == null ? n.external() : r.external(),
                n.networkType(),
                n.physicalNetwork(),
                n.segmentationId(),
                r.mtu() == null ? n.mtu() : checkedMtu(r.mtu(), segment),
                n.status(),
                n.createdAt(),
                n.updatedAt(),
                n.revisionNumber(),
                n.isDefault(),
                n.portSecurityEnabled(),
                n.tags());
        if (updated.equals(n)) {
            return Result.unchanged(model, n);
        }
        updated = updated.revised(clock.instant());
        return Result.of(model.withNetwork(updated), updated);
    }

    /** Deletes the network and its subnets; refused while it has ports. */
    Result<Void> delete(NetworkModel model, String id) {
        model.network(id).orElseThrow(() -> ServiceErrors.networkNotFound(id));
        if (!model.portsOf(id).isEmpty()) {
            throw ServiceErrors.networkInUse(id);
        }
        NetworkModel next = model.withoutNetwork(id);
        for (Subnet s : model.subnetsOf(id)) {
            next = next.withoutSubnet(s.id());
        }
        return Result.of(next, null);
    }

    /** Marks a network changed because its subnets changed, as Neutron bumps its revision. */
    NetworkModel touch(NetworkModel model, String networkId) {
        return model.network(networkId).map(n -> model.withNetwork(n.revised(clock.instant()))).orElse(model);
    }

    private static int checkedMtu(int mtu, Segment segment) {
        if (mtu < MIN_MTU) {
            throw ServiceErrors.invalidAttribute("mtu", "'" + mtu + "' is too small - must be at least '" + MIN_MTU + "'");
        }
        if (mtu > segment.maxMtu()) {
            throw ServiceErrors.invalidInput("Requested MTU is too big, maximum is " + segment.maxMtu());
        }
        return mtu;
    }

    /** The model has port security per port only; a network cannot default its ports to off. */
    private static void refuseNetworkPortSecurityOff(Boolean portSecurityEnabled) {
        if (Objects.equals(portSecurityEnabled, Boolean.FALSE)) {
            throw ServiceErrors.invalidInput("port_security_enabled=False is not supported on networks; "
                    + "set it on each port");
        }
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
