package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.PortRequest;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;

/**
 * Port create, update and delete as functions from one snapshot to the next, and the binding
 * the controller learns from OVSDB. A port is DOWN until its VIF is plugged on some node.
 */
final class PortOperations {
    static final String ACTIVE = "ACTIVE";
    static final String DOWN = "DOWN";

    private final ServiceConfig config;
    private final MacAllocator macs;
    private final Clock clock;

    PortOperations(ServiceConfig config, MacAllocator macs, Clock clock) {
        this.config = config;
        this.macs = macs;
        this.clock = clock;
    }

    Result<Port> create(NetworkModel model, PortRequest r) {
        if (r.networkId() == null) {
            throw ServiceErrors.required("network_id");
        }
        Network network = model.network(r.networkId()).orElseThrow(() -> ServiceErrors.networkNotFound(r.networkId()));
        checkVnicType(r.vnicType());
        checkSecurityGroups(r.securityGroups());
        String mac = r.macAddress() == null
                ? macs.allocate(model, network.id())
                : uniqueMac(model, network.id(), MacAllocator.canonical(r.macAddress(), "mac_address"), null);
        Ipam ipam = new Ipam(model, network.id(), null);
        List<FixedIp> fixedIps = r.fixedIps() == null ? ipam.automatic() : ipam.requested(r.fixedIps(), List.of());
        boolean portSecurity = r.portSecurityEnabled() == null || r.portSecurityEnabled();
        List<AllowedAddressPair> pairs = r.allowedAddressPairs() == null ? List.of()
                : addressPairs(r.allowedAddressPairs());
        if (!portSecurity && !pairs.isEmpty()) {
            throw ServiceErrors.addressPairsNeedPortSecurity();
        }
        Instant now = clock.instant();
        Port port = new Port(
                UUID.randomUUID().toString(),
                NetworkOperations.orEmpty(r.name()),
                NetworkOperations.orEmpty(r.description()),
                r.projectId() == null ? config.defaultProjectId() : r.projectId(),
                network.id(),
                mac,
                fixedIps,
                r.adminStateUp() == null || r.adminStateUp(),
                DOWN,
                NetworkOperations.orEmpty(r.deviceId()),
                NetworkOperations.orEmpty(r.deviceOwner()),
                NetworkOperations.orEmpty(r.bindingHostId()),
                portSecurity,
                pairs,
                now,
                now,
                1,
                List.of(),
                Map.of(),
                List.of());
        return Result.of(model.withPort(port), port);
    }

    Result<Port> update(NetworkModel model, String id, PortRequest r) {
        Port p = model.port(id).orElseThrow(() -> ServiceErrors.portNotFound(id));
        checkVnicType(r.vnicType());
        checkSecurityGroups(r.securityGroups());
        String mac = p.macAddress();
        if (r.macAddress() != null) {
            String requested = MacAllocator.canonical(r.macAddress(), "mac_address");
            if (!requested.equals(mac)) {
                if (p.isBound()) {
                    throw ServiceErrors.portBound(id, mac, requested);
                }
                mac = uniqueMac(model, p.networkId(), requested, id);
            }
        }
        List<FixedIp> fixedIps = r.fixedIps() == null ? p.fixedIps()
                : new Ipam(model, p.networkId(), id).requested(r.fixedIps(), p.fixedIps());
        boolean portSecurity = r.portSecurityEnabled() == null ? p.portSecurityEnabled() : r.portSecurityEnabled();
        List<AllowedAddressPair> pairs = r.allowedAddressPairs() == null ? p.allowedAddressPairs()
                : addressPairs(r.allowedAddressPairs());
        if (!portSecurity && !pairs.isEmpty()) {
            throw ServiceErrors.addressPairsNeedPortSecurity();
        }
        Port updated = new Port(
                p.id(),
                r.name() == null ? p.name() : r.name(),
                r.description() == null ? p.description() : r.description(),
                p.projectId(),
                p.networkId(),
                mac,
                fixedIps,
                r.adminStateUp() == null ? p.adminStateUp() : r.adminStateUp(),
                p.status(),
                r.deviceId() == null ? p.deviceId() : r.deviceId(),
                r.deviceOwner() == null ? p.deviceOwner() : r.deviceOwner(),
                r.bindingHostId() == null ? p.bindingHostId() : r.bindingHostId(),
                portSecurity,
                pairs,
                p.createdAt(),
                p.updatedAt(),
                p.revisionNumber(),
                p.securityGroups(),
                p.bindingProfile(),
                p.tags());
        if (updated.equals(p)) {
            return Result.unchanged(model, p);
        }
        updated = updated.revised(clock.instant());
        return Result.of(model.withPort(updated), updated);
    }

    Result<Void> delete(NetworkModel model, String id) {
        model.port(id).orElseThrow(() -> ServiceErrors.portNotFound(id));
        return Result.of(model.withoutPort(id), null);
    }

    /** What OVSDB tells: the port's VIF is plugged on {@code hostId} (active) or gone. */
    Result<Void> bind(NetworkModel model, String id, String hostId, boolean active) {
        Port p = model.ports().get(id);
        if (p == null) {
            return Result.unchanged(model, null);
        }
        String host = hostId == null ? "" : hostId;
        String status = active ? ACTIVE : DOWN;
        if (p.bindingHostId().equals(host) && p.status().equals(status)) {
            return Result.unchanged(model, null);
        }
        return Result.of(model.withPort(p.withBinding(host, status).revised(clock.instant())), null);
    }

    private static String uniqueMac(NetworkModel model, String networkId, String mac, String exceptPortId) {
        boolean inUse = model.portsOf(networkId).stream()
                .anyMatch(o -> !o.id().equals(exceptPortId) && o.macAddress().equals(mac));
        if (inUse) {
            throw ServiceErrors.macAddressInUse(networkId, mac);
        }
        return mac;
    }

    private static void checkVnicType(String vnicType) {
        if (vnicType != null && !vnicType.equals("normal")) {
            throw ServiceErrors.invalidInput("binding:vnic_type '" + vnicType + "' is not supported; "
                    + "only 'normal' ports are bound by Open vSwitch");
        }
    }

    /** Security groups do not exist yet, so no port can name one. */
    private static void checkSecurityGroups(List<String> groups) {
        if (groups != null && !groups.isEmpty()) {
            throw ServiceErrors.securityGroupNotFound(groups.get(0));
        }
    }

    private static List<AllowedAddressPair> addressPairs(List<AllowedAddressPair> requested) {
        Set<AllowedAddressPair> seen = new HashSet<>();
        List<AllowedAddressPair> out = new ArrayList<>();
        for (AllowedAddressPair pair : requested) {
            String ip = pair.ipAddress();
            String canonicalIp = ip.contains("/")
                    ? Cidr.parse(ip, "allowed_address_pairs").toString()
                    : IpAddresses.format(IpAddresses.parse(ip, "allowed_address_pairs"));
            String mac = pair.macAddress() == null ? null : MacAllocator.canonical(pair.macAddress(), "allowed_address_pairs");
            AllowedAddressPair canonical = new AllowedAddressPair(canonicalIp, mac);
            if (!seen.add(canonical)) {
                throw ServiceErrors.invalidAttribute("allowed_address_pairs", "Request contains duplicate address pair");
            }
            out.add(canonical);
        }
        return out;
    }
}
