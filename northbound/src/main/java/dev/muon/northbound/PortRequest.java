package dev.muon.northbound;

import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.ExtraDhcpOpt;
import dev.muon.pipeline.model.FixedIp;

import java.util.List;
import java.util.Map;

/**
 * The attributes a client sent in a port create or update; a null component was not sent.
 * Each requested fixed IP may name a subnet, an address, or both (the other component null).
 * {@code bindingProfile} empty means "no profile" (Nova clears it with null or {}).
 * {@code extraDhcpOpts} are merged into the port's by name and IP version (a null value removes).
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
        List<String> securityGroups,
        Map<String, Object> bindingProfile,
        List<String> tags,
        List<ExtraDhcpOpt> extraDhcpOpts,
        String dnsName,
        String dnsDomain) {

    /** A request without extra DHCP options, dns_name or dns_domain. */
    public PortRequest(String name, String description, String projectId, String networkId, String macAddress,
                       List<FixedIp> fixedIps, Boolean adminStateUp, String deviceId, String deviceOwner,
                       String bindingHostId, String vnicType, Boolean portSecurityEnabled,
                       List<AllowedAddressPair> allowedAddressPairs, List<String> securityGroups,
                       Map<String, Object> bindingProfile, List<String> tags) {
        this(name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, deviceId, deviceOwner,
                bindingHostId, vnicType, portSecurityEnabled, allowedAddressPairs, securityGroups, bindingProfile, tags,
                null, null, null);
    }

    /** {@code macAddress} when the request sent "mac_address": null: a new MAC (port-mac-address-regenerate). */
    public static final String NEW_MAC = "";

    public static PortRequest on(String networkId) {
        return new PortRequest(null, null, null, networkId, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    public PortRequest withFixedIps(List<FixedIp> ips) {
        return new PortRequest(name, description, projectId, networkId, macAddress, ips, adminStateUp, deviceId,
                deviceOwner, bindingHostId, vnicType, portSecurityEnabled, allowedAddressPairs, securityGroups,
                bindingProfile, tags, extraDhcpOpts, dnsName, dnsDomain);
    }

    public PortRequest withMacAddress(String mac) {
        return new PortRequest(name, description, projectId, networkId, mac, fixedIps, adminStateUp, deviceId,
                deviceOwner, bindingHostId, vnicType, portSecurityEnabled, allowedAddressPairs, securityGroups,
                bindingProfile, tags, extraDhcpOpts, dnsName, dnsDomain);
    }

    public PortRequest withSecurityGroups(List<String> groups) {
        return new PortRequest(name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, deviceId,
                deviceOwner, bindingHostId, vnicType, portSecurityEnabled, allowedAddressPairs, groups,
                bindingProfile, tags, extraDhcpOpts, dnsName, dnsDomain);
    }

    public PortRequest withDevice(String id, String owner) {
        return new PortRequest(name, description, projectId, networkId, macAddress, fixedIps, adminStateUp, id,
                owner, bindingHostId, vnicType, portSecurityEnabled, allowedAddressPairs, securityGroups,
                bindingProfile, tags, extraDhcpOpts, dnsName, dnsDomain);
    }
}
