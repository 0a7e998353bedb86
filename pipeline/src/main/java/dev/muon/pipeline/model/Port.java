package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.List;

/**
 * A Neutron port. {@code bindingHostId} is the hostname of the node where its VIF is
 * plugged (set by the controller from OVSDB), or empty when unbound.
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
        long revisionNumber) {

    public Port {
        fixedIps = List.copyOf(fixedIps);
        allowedAddressPairs = List.copyOf(allowedAddressPairs);
        bindingHostId = bindingHostId == null ? "" : bindingHostId;
    }

    public boolean isBound() {
        return !bindingHostId.isEmpty();
    }

    /** A copy stamped as changed at {@code at}: updated_at set and revision_number bumped. */
    public Port revised(Instant at) {
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, status,
                deviceId, deviceOwner, bindingHostId, portSecurityEnabled, allowedAddressPairs, createdAt, at,
                revisionNumber + 1);
    }

    /** A copy bound to {@code hostId} ("" for unbound) with the given status, not yet revised. */
    public Port withBinding(String hostId, String newStatus) {
        return new Port(id, name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, newStatus,
                deviceId, deviceOwner, hostId, portSecurityEnabled, allowedAddressPairs, createdAt, updatedAt,
                revisionNumber);
    }
}
