package dev.muon.controller.service;

import dev.muon.controller.MuonConfig;
import dev.muon.northbound.DnsNames;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link NeutronNetworkService} needs to know about this deployment.
 *
 * @param vniMin           lowest VXLAN VNI given to networks created without provider attributes
 * @param vniMax           highest such VNI
 * @param defaultProjectId project of resources created without project_id, tenant_id or X-Project-Id
 * @param vlanRanges       physical networks that carry VLAN networks, each with the ids tenant
 *                         networks may be given; empty accepts any physical network but then every
 *                         VLAN network must name its provider:segmentation_id
 * @param dnsDomain        Neutron's dns_domain: the domain of ports whose network names none
 *                         (dns_assignment; the DHCP server's option 15 is the same, dhcp.domain)
 */
public record ServiceConfig(int vniMin, int vniMax, String defaultProjectId, Map<String, VlanRange> vlanRanges,
                            String dnsDomain) {
    static final int MAX_VNI = (1 << 24) - 1;

    public ServiceConfig {
        if (vniMin < 1 || vniMax > MAX_VNI || vniMin > vniMax) {
            throw new IllegalArgumentException("VNI range must lie within 1.." + MAX_VNI + ": " + vniMin + ".." + vniMax);
        }
        vlanRanges = Map.copyOf(vlanRanges);
        dnsDomain = dnsDomain == null ? "openstacklocal." : DnsNames.absolute(dnsDomain);
    }

    /** Neutron's default dns_domain, openstacklocal. */
    public ServiceConfig(int vniMin, int vniMax, String defaultProjectId, Map<String, VlanRange> vlanRanges) {
        this(vniMin, vniMax, defaultProjectId, vlanRanges, null);
    }

    public static ServiceConfig defaults() {
        return new ServiceConfig(1000, 1999, "admin", Map.of());
    }

    /**
     * From {@code vxlan.vni.min}, {@code vxlan.vni.max}, {@code default.project.id} and the optional
     * {@code vlan.ranges}, written as Neutron's network_vlan_ranges: {@code physnet1:100:199,physnet2:1000:1099}.
     */
    public static ServiceConfig from(MuonConfig config) {
        return new ServiceConfig(config.getInt("vxlan.vni.min"), config.getInt("vxlan.vni.max"),
                config.get("default.project.id"), parseVlanRanges(optional(config, "vlan.ranges")),
                optional(config, "dhcp.domain"));
    }

    public static Map<String, VlanRange> parseVlanRanges(String text) {
        Map<String, VlanRange> ranges = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return ranges;
        }
        for (String entry : text.split(",")) {
            String[] parts = entry.trim().split(":");
            if (parts.length != 3) {
                throw new IllegalArgumentException("vlan.ranges entry must be physnet:min:max, not '" + entry + "'");
            }
            ranges.put(parts[0], new VlanRange(Integer.parseInt(parts[1].trim()), Integer.parseInt(parts[2].trim())));
        }
        return ranges;
    }

    /** MuonConfig refuses absent keys; vlan.ranges may be absent from older configuration files. */
    private static String optional(MuonConfig config, String key) {
        try {
            return config.get(key);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
