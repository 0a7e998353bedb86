package dev.muon.pipeline.model;

import java.util.Set;

/** Neutron's device_owner values for ports that services own rather than VMs. */
public final class DeviceOwner {
    public static final String ROUTER_INTERFACE = "network:router_interface";
    public static final String ROUTER_INTERFACE_DISTRIBUTED = "network:router_interface_distributed";
    public static final String ROUTER_GATEWAY = "network:router_gateway";
    public static final String FLOATING_IP = "network:floatingip";
    public static final String DHCP = "network:dhcp";
    public static final String TRUNK_SUBPORT = "trunk:subport";
    /** The prefix of every device_owner reserved to the network itself. */
    public static final String NETWORK_PREFIX = "network:";

    /** Owners of a router's internal interfaces. */
    public static final Set<String> ROUTER_INTERFACE_OWNERS = Set.of(ROUTER_INTERFACE, ROUTER_INTERFACE_DISTRIBUTED);

    private DeviceOwner() {
    }
}
