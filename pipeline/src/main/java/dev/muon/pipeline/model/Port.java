package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Neutron port. {@code bindingHostId} is the hostname of the node where its VIF is
 * plugged (set by the controller from OVSDB), or empty when unbound; {@code hostRequested} says
 * the API set it (Nova binds a port to its host before it plugs) rather than the controller. {@code securityGroups}
 * are the ids of the groups filtering it; {@code bindingProfile} is binding:profile as Nova
 * sent it (JSON values: strings, numbers, booleans, lists, maps). {@code extraDhcpOpts} are what
 * the controller's DHCP adds to or overrides in its replies to the port; {@code dnsName} and
 * {@code dnsDomain} (dns-integration, dns-domain-ports; "" for none) name it in DHCP and
 * dns_assignment.
 */
public record Port(
        String id,
        String name,
        String description,
        String projectId,
        String networkId,
        String macAddress,
        List<FixedIp> fixedIps,
        boolean adminStateUp,
        String status,
        String deviceId,
        String deviceOwner,
        String bindingHostId,
        boolean portSecurityEnabled,
        List<AllowedAddressPair> allowedAddressPairs,
        Instant createdAt,
        Instant updatedAt,
        long revisionNumber,
        List<String> securityGroups,
        Map<String, Object> bindingProfile,
        List<String> tags,
        boolean hostRequested,
        List<ExtraDhcpOpt> extraDhcpOpts,
        String dnsName,
        String dnsDomain) implements Tagged<Port> {

    public Port {
        fixedIps = List.copyOf(fixedIps);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
        bindingHostId = bindingHostId == null ? "" : bindingHostId;
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        // Not Map.copyOf: profile values may be JSON null.
        bindingProfile = bindingProfile == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(bindingProfile));
        tags = Tagged.canonical(tags);
        extraDhcpOpts = extraDhcpOpts == null ? List.of() : List.copyOf(extraDhcpOpts);
        dnsName = dnsName == null ? "" : dnsName;
        dnsDomain = dnsDomain == null ? "" : dnsDomain;
    }

    /** A port with no extra DHCP options, dns_name or dns_domain. */
    public Port(String id, String name, String description, String projectId, String networkId, String macAddress,
                List<FixedIp> fixedIps, boolean adminStateUp, String status, String deviceId, String deviceOwner,
                String bindingHostId, boolean portSecurityEnabled, List<AllowedAddressPair> allowedAddressPairs,
                Instant createdAt, Instant updatedAt, long revisionNumber, List<String> securityGroups,
                Map<String, Object> bindingProfile, List<String> tags, boolean hostRequested) {
        this(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, status, deviceId,
                deviceOwner, bindingHostId, portSecurityEnabled, allowedAddressPairs, createdAt, updatedAt,
                revisionNumber, securityGroups, bindingProfile, tags, hostRequested, List.of(), "", "");
    }

    /** A port whose binding:host_id, if any, is the controller's own observation (not requested). */
    public Port(String id, String name, String description, String projectId, String networkId, String macAddress,
                List<FixedIp> fixedIps, boolean adminStateUp, String status, String deviceId, String deviceOwner,
                String bindingHostId, boolean portSecurityEnabled, List<AllowedAddressPair> allowedAddressPairs,
                Instant createdAt, Instant updatedAt, long revisionNumber, List<String> securityGroups,
                Map<String, Object> bindingProfile, List<String> tags) {
        this(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, status, deviceId,
                deviceOwner, bindingHostId, portSecurityEnabled, allowedAddressPairs, createdAt, updatedAt,
                revisionNumber, securityGroups, bindingProfile, tags, false);
    }

    public boolean isBound() {
        return !bindingHostId.isEmpty();
    }

    /**
     * Whether a VIF on {@code hostname} must leave this port alone: the API bound it to another
     * host where it is not running (Nova sets binding:host_id before it plugs), so a VIF elsewhere
     * carrying its id is not its VM (issue 13: a rogue node must not take a port the API placed).
     * A port ACTIVE on its host follows its VIF (a live migration); a port the controller bound
     * where it was plugged, or an unbound one, binds where it is plugged next.
     */
    public boolean heldForAnotherHost(String hostname) {
        return hostRequested && isBound() && !bindingHostId.equals(hostname) && !"ACTIVE".equals(status);
    }

    /** A copy whose binding:host_id the API set to {@code hostId} ("" for unbound), not yet revised. */
    public Port withRequestedHost(String hostId) {
        String host = hostId == null ? "" : hostId;
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, status,
                deviceId, deviceOwner, host, portSecurityEnabled, allowedAddressPairs, createdAt, updatedAt,
                revisionNumber, securityGroups, bindingProfile, tags, !host.isEmpty(), extraDhcpOpts, dnsName,
                dnsDomain);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Port revised(Instant at) {
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, status,
                deviceId, deviceOwner, bindingHostId, portSecurityEnabled, allowedAddressPairs, createdAt, at,
                revisionNumber + 1, securityGroups, bindingProfile, tags, hostRequested, extraDhcpOpts, dnsName,
                dnsDomain);
    }

    /**
     * A copy the controller bound to {@code hostId} ("" for unbound) with the given status, not yet
     * revised: a requested host stays requested while the port stays there.
     */
    public Port withBinding(String hostId, String newStatus) {
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, newStatus,
                deviceId, deviceOwner, hostId, portSecurityEnabled, allowedAddressPairs, createdAt, updatedAt,
                revisionNumber, securityGroups, bindingProfile, tags, hostRequested && bindingHostId.equals(hostId),
                extraDhcpOpts, dnsName, dnsDomain);
    }

    /** A copy owned by {@code newDeviceId}/{@code newDeviceOwner} ("" for none), not yet revised. */
    public Port withDevice(String newDeviceId, String newDeviceOwner) {
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, status,
                newDeviceId, newDeviceOwner, bindingHostId, portSecurityEnabled, allowedAddressPairs, createdAt,
                updatedAt, revisionNumber, securityGroups, bindingProfile, tags, hostRequested, extraDhcpOpts, dnsName,
                dnsDomain);
    }

    /** A copy with {@code newFixedIps}, not yet revised. */
    public Port withFixedIps(List<FixedIp> newFixedIps) {
        return new Port(id, name, description, projectId, networkId, macAddress, newFixedIps, adminStateUp, status,
                deviceId, deviceOwner, bindingHostId, portSecurityEnabled, allowedAddressPairs, createdAt, updatedAt,
                revisionNumber, securityGroups, bindingProfile, tags, hostRequested, extraDhcpOpts, dnsName, dnsDomain);
    }

    @Override
    public Port withTags(Collection<String> newTags, Instant at) {
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, status,
                deviceId, deviceOwner, bindingHostId, portSecurityEnabled, allowedAddressPairs, createdAt, updatedAt,
                revisionNumber, securityGroups, bindingProfile, List.copyOf(newTags), hostRequested, extraDhcpOpts,
                dnsName, dnsDomain).revised(at);
    }
}
