package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Neutron port. {@code bindingHostId} is the hostname of the node where its VIF is
 * plugged (set by the controller from OVSDB), or empty when unbound. {@code securityGroups}
 * are the ids of the groups filtering it; {@code bindingProfile} is binding:profile as Nova
 * sent it (JSON values: strings, numbers, booleans, lists, maps).
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
        List<String> tags) implements Tagged<Port> {

    public Port {
        fixedIps = List.copyOf(fixedIps);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
        bindingHostId = bindingHostId == null ? "" : bindingHostId;
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        // Not Map.copyOf: profile values may be JSON null.
        bindingProfile = bindingProfile == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(bindingProfile));
        tags = Tagged.canonical(tags);
    }

    public boolean isBound() {
        return !bindingHostId.isEmpty();
    }

    /**
     * Whether a VIF on {@code hostname} must leave this port alone: it is bound to another host
     * where it is not running (Nova sets binding:host_id before it plugs; a stopped VM keeps its
     * host), so a VIF elsewhere carrying its id is not its VM (issue 13: a rogue node must not
     * take a port the API placed). A port ACTIVE on its host follows its VIF (a live migration);
     * an unbound port binds where it is plugged.
     */
    public boolean heldForAnotherHost(String hostname) {
        return isBound() && !bindingHostId.equals(hostname) && !"ACTIVE".equals(status);
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Port revised(Instant at) {
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, status,
                deviceId, deviceOwner, bindingHostId, portSecurityEnabled, allowedAddressPairs, createdAt, at,
                revisionNumber + 1, securityGroups, bindingProfile, tags);
    }

    /** A copy bound to {@code hostId} ("" for unbound) with the given status, not yet revised. */
    public Port withBinding(String hostId, String newStatus) {
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, newStatus,
                deviceId, deviceOwner, hostId, portSecurityEnabled, allowedAddressPairs, createdAt, updatedAt,
                revisionNumber, securityGroups, bindingProfile, tags);
    }

    /** A copy owned by {@code newDeviceId}/{@code newDeviceOwner} ("" for none), not yet revised. */
    public Port withDevice(String newDeviceId, String newDeviceOwner) {
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, status,
                newDeviceId, newDeviceOwner, bindingHostId, portSecurityEnabled, allowedAddressPairs, createdAt,
                updatedAt, revisionNumber, securityGroups, bindingProfile, tags);
    }

    @Override
    public Port withTags(Collection<String> newTags, Instant at) {
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, status,
                deviceId, deviceOwner, bindingHostId, portSecurityEnabled, allowedAddressPairs, createdAt, updatedAt,
                revisionNumber, securityGroups, bindingProfile, List.copyOf(newTags)).revised(at);
    }
}
