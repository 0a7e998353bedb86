package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NetworkRequest;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.AutoAllocatedTopology;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Subnet;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Network create, update and delete as functions from one snapshot to the next. is_default
 * counts only on external networks (Neutron ignores it elsewhere) and only one may be the
 * default; a network stops being external only when no router gateway or floating IP uses it.
 */
final class NetworkOperations implements ResourceOperations<Network, NetworkRequest> {
    private static final int MIN_MTU = 68;

    private final ServiceConfig config;
    private final SegmentAllocator segments;
    private final SecurityGroupOperations securityGroups;
    private final Clock clock;
    private final AvailabilityZones zones;

    NetworkOperations(ServiceConfig config, SecurityGroupOperations securityGroups, Clock clock) {
        this(config, securityGroups, clock, new AvailabilityZones());
    }

    NetworkOperations(ServiceConfig config, SecurityGroupOperations securityGroups, Clock clock,
                      AvailabilityZones zones) {
        this.zones = zones;
        this.config = config;
        this.segments = new SegmentAllocator(config);
        this.securityGroups = securityGroups;
        this.clock = clock;
    }

    @Override
    public Result<Network> create(NetworkModel model, RequestContext ctx, NetworkRequest r) {
        zones.checkHints(r.availabilityZoneHints());
        Segment segment = segments.choose(model, r.networkType(), r.physicalNetwork(), r.segmentationId());
        int mtu = r.mtu() == null ? segment.maxMtu() : checkedMtu(r.mtu(), segment);
        boolean external = r.external() != null && r.external();
        boolean isDefault = external && r.isDefault() != null && r.isDefault();
        String id = UUID.randomUUID().toString();
        if (isDefault) {
            refuseSecondDefault(model, id);
        }
        String projectId = Policies.owner(ctx, r.projectId(), "network", config);
        Instant now = clock.instant();
        Network network = new Network(
                id,
                orEmpty(r.name()),
                orEmpty(r.description()),
                projectId,
                r.adminStateUp() == null || r.adminStateUp(),
                r.shared() != null && r.shared(),
                external,
                segment.type(),
                segment.physicalNetwork(),
                segment.segmentationId(),
                mtu,
                "ACTIVE",
                now,
                now,
                1,
                isDefault,
                r.portSecurityEnabled() == null || r.portSecurityEnabled(),
                r.tags(),
                r.dnsDomain(), r.availabilityZoneHints());
        NetworkModel next = securityGroups.ensureDefault(model, projectId).withNetwork(network);
        if (network.shared()) {
            next = next.with(ResourceKind.RBAC_POLICY, SharedObjects.wildcard(RbacPolicy.NETWORK, id, projectId,
                    RbacPolicy.ACCESS_AS_SHARED, now));
        }
        if (external) {
            next = next.with(ResourceKind.RBAC_POLICY, SharedObjects.wildcard(RbacPolicy.NETWORK, id, projectId,
                    RbacPolicy.ACCESS_AS_EXTERNAL, now));
        }
        return Result.of(next, network);
    }

    @Override
    public Result<Network> update(NetworkModel model, RequestContext ctx, Network n, NetworkRequest r) {
        boolean providerChanged =
                (r.networkType() != null && !r.networkType().equalsIgnoreCase(n.networkType().neutronName()))
                        || (r.physicalNetwork() != null && !r.physicalNetwork().equals(n.physicalNetwork()))
                        || (r.segmentationId() != null && !r.segmentationId().equals(n.segmentationId()));
        if (providerChanged) {
            throw ServiceErrors.invalidInput("Plugin does not support updating provider attributes");
        }
        boolean external = r.external() == null ? n.external() : r.external();
        if (n.external() && !external && usedExternally(model, n.id())) {
            throw ServiceErrors.externalNetworkInUse(n.id());
        }
        boolean isDefault = external && (r.isDefault() == null ? n.isDefault() : r.isDefault());
        if (isDefault && !n.isDefault()) {
            refuseSecondDefault(model, n.id());
        }
        boolean shared = r.shared() == null ? n.shared() : r.shared();
        if (n.shared() && !shared && usedByOtherProjects(model, n)) {
            throw ServiceErrors.invalidSharedSetting(n.id());
        }
        Segment segment = new Segment(n.networkType(), n.physicalNetwork(), n.segmentationId());
        Network updated = new Network(
                n.id(),
                r.name() == null ? n.name() : r.name(),
                r.description() == null ? n.description() : r.description(),
                n.projectId(),
                r.adminStateUp() == null ? n.adminStateUp() : r.adminStateUp(),
                shared,
                external,
                n.networkType(),
                n.physicalNetwork(),
                n.segmentationId(),
                r.mtu() == null ? n.mtu() : checkedMtu(r.mtu(), segment),
                n.status(),
                n.createdAt(),
                n.updatedAt(),
                n.revisionNumber(),
                isDefault,
                r.portSecurityEnabled() == null ? n.portSecurityEnabled() : r.portSecurityEnabled(),
                n.tags(),
                r.dnsDomain() == null ? n.dnsDomain() : r.dnsDomain(), n.availabilityZoneHints());
        if (updated.equals(n)) {
            return Result.unchanged(model, n);
        }
        Instant now = clock.instant();
        updated = updated.revised(now);
        return Result.of(withPolicies(model.withNetwork(updated), n, updated, now), updated);
    }

    /**
     * The wildcard RBAC policies that shared and router:external stand for, after an update:
     * shared adds or removes the wildcard access_as_shared policy; router:external adds a wildcard
     * access_as_external one, and turning it off removes every access_as_external policy (Neutron).
     */
    private static NetworkModel withPolicies(NetworkModel model, Network before, Network after, Instant now) {
        NetworkModel next = model;
        if (after.shared() != before.shared()) {
            next = after.shared()
                    ? next.with(ResourceKind.RBAC_POLICY, SharedObjects.wildcard(RbacPolicy.NETWORK, after.id(),
                            after.projectId(), RbacPolicy.ACCESS_AS_SHARED, now))
                    : SharedObjects.withoutWildcards(next, RbacPolicy.NETWORK, after.id(), RbacPolicy.ACCESS_AS_SHARED);
        }
        if (after.external() && !before.external()) {
            next = next.with(ResourceKind.RBAC_POLICY, SharedObjects.wildcard(RbacPolicy.NETWORK, after.id(),
                    after.projectId(), RbacPolicy.ACCESS_AS_EXTERNAL, now));
        } else if (!after.external() && before.external()) {
            for (RbacPolicy p : Sharing.of(next).on(RbacPolicy.NETWORK, after.id())) {
                if (p.action().equals(RbacPolicy.ACCESS_AS_EXTERNAL)) {
                    next = next.without(ResourceKind.RBAC_POLICY, p.id());
                }
            }
        }
        return next;
    }

    /** Deletes the network, its subnets and an auto-allocated topology built on it; refused while it has ports. */
    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, Network n) {
        NetworkModel cleared = withoutIdleFloatingIps(model, n.id());
        if (!cleared.portsOf(n.id()).isEmpty()) {
            throw ServiceErrors.networkInUse(n.id());
        }
        NetworkModel next = SharedObjects.withoutPoliciesOn(cleared, RbacPolicy.NETWORK, n.id()).withoutNetwork(n.id());
        for (Subnet s : model.subnetsOf(n.id())) {
            next = next.withoutSubnet(s.id());
        }
        for (AutoAllocatedTopology t : model.all(ResourceKind.AUTO_ALLOCATED_TOPOLOGY).values()) {
            if (t.networkId().equals(n.id())) {
                next = next.without(ResourceKind.AUTO_ALLOCATED_TOPOLOGY, t.projectId());
            }
        }
        return Result.of(next, null);
    }

    /**
     * Neutron deletes a network's unassociated floating IPs (and their ports) before it checks
     * the network for use: they hold nothing up. Associated ones keep it in use. Here that is
     * part of the delete's one transaction, so a refused delete keeps them too.
     */
    private static NetworkModel withoutIdleFloatingIps(NetworkModel model, String networkId) {
        NetworkModel next = model;
        for (FloatingIp f : model.all(ResourceKind.FLOATING_IP).values()) {
            if (f.floatingNetworkId().equals(networkId) && f.portId() == null) {
                next = next.without(ResourceKind.FLOATING_IP, f.id()).withoutPort(f.floatingPortId());
            }
        }
        return next;
    }

    /** Marks a network changed because its subnets changed, as Neutron bumps its revision. */
    NetworkModel touch(NetworkModel model, String networkId) {
        return model.network(networkId).map(n -> model.withNetwork(n.revised(clock.instant()))).orElse(model);
    }

    private static void refuseSecondDefault(NetworkModel model, String exceptId) {
        model.networks().values().stream()
                .filter(other -> other.external() && other.isDefault() && !other.id().equals(exceptId))
                .findFirst()
                .ifPresent(other -> {
                    throw ServiceErrors.defaultExternalNetworkExists(other.id());
                });
    }

    /** Router gateway ports and floating IPs live on external networks. */
    private static boolean usedExternally(NetworkModel model, String networkId) {
        return model.portsOf(networkId).stream().anyMatch(p -> p.deviceOwner().equals(DeviceOwner.ROUTER_GATEWAY)
                || p.deviceOwner().equals(DeviceOwner.FLOATING_IP));
    }

    /** Ports of projects that have the network through its wildcard share only (not a policy naming them). */
    private static boolean usedByOtherProjects(NetworkModel model, Network n) {
        Sharing sharing = Sharing.of(model);
        return model.portsOf(n.id()).stream()
                .anyMatch(p -> !p.projectId().isEmpty() && !p.projectId().equals(n.projectId())
                        && sharing.on(RbacPolicy.NETWORK, n.id()).stream().noneMatch(policy ->
                        policy.action().equals(RbacPolicy.ACCESS_AS_SHARED)
                                && policy.targetProject().equals(p.projectId())));
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

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
