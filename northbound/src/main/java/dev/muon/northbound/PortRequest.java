package dev.muon.northbound;

import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;

import java.util.List;

/**
 * The attributes a client sent in a port create or update; a null component was not sent.
 * Each requested fixed IP may name a subnet, an address, or both (the other component null).
 */
public record PortRequest(
        String name,
        String description,
        String projectId,
        String networkId,
        String macAddress,
        List<FixedIp> fixedIps,
        Boolean adminStateUp,
        String deviceId,
        String deviceOwner,
        String bindingHostId,
        String vnicType,
        Boolean portSecurityEnabled,
        List<AllowedAddressPair> allowedAddressPairs,
        List<String> securityGroups) {

    public static PortRequest on(String networkId) {
        return new PortRequest(null, null, null, networkId, null, null, null, null, null, null, null, null, null,
                null);
    }

    public PortRequest withFixedIps(List<FixedIp> ips) {
        return new PortRequest(name, description, projectId, networkId, macAddress, ips, adminStateUp, deviceId,
                deviceOwner, bindingHostId, vnicType, portSecurityEnabled, allowedAddressPairs, securityGroups);
    }

    public PortRequest withMacAddress(String mac) {
        return new PortRequest(name, description, projectId, networkId, mac, fixedIps, adminStateUp, deviceId,
                deviceOwner, bindingHostId, vnicType, portSecurityEnabled, allowedAddressPairs, securityGroups);
    }
}
