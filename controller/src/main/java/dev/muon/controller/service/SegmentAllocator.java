package dev.muon.controller.service;

import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;

import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Provider attributes of new networks, as ML2's type drivers decide them: checks what a client
 * asked for (admin-chosen segments) or allocates a tenant segment (the lowest free VNI of the
 * configured range, or for VLAN a free id of the physical network's range). A VXLAN VNI, a VLAN
 * on a physical network and a flat physical network each belong to at most one network.
 */
final class SegmentAllocator {
    private static final int MAX_VLAN = 4094;

    private final ServiceConfig config;

    SegmentAllocator(ServiceConfig config) {
        this.config = config;
    }

    Segment choose(NetworkModel model, String type, String requestedPhysnet, Integer segmentationId) {
        // A blank name is no physical network, as the type drivers read it (Python's falsy "").
        String physnet = requestedPhysnet == null || requestedPhysnet.isBlank() ? null : requestedPhysnet;
        if (type == null) {
            if (physnet != null || segmentationId != null) {
                throw ServiceErrors.invalidInput("provider:network_type required");
            }
            return new Segment(NetworkType.VXLAN, null, allocateVni(model.networks().values()));
        }
        NetworkType networkType = parseType(type);
        Collection<Network> networks = model.networks().values();
        return switch (networkType) {
            case VXLAN -> vxlan(networks, physnet, segmentationId);
            case VLAN -> vlan(networks, physnet, segmentationId);
            case FLAT -> flat(networks, physnet, segmentationId);
        };
    }

    private static NetworkType parseType(String type) {
        try {
            return NetworkType.fromNeutron(type.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ServiceErrors.invalidInput("network_type value '" + type + "' not supported");
        }
    }

    private Segment vxlan(Collection<Network> networks, String physnet, Integer vni) {
        if (physnet != null) {
            throw ServiceErrors.invalidInput("provider:physical_network specified for vxlan network");
        }
        if (vni == null) {
            return new Segment(NetworkType.VXLAN, null, allocateVni(networks));
        }
        if (vni < 1 || vni > ServiceConfig.MAX_VNI) {
            throw ServiceErrors.invalidInput("segmentation_id out of range (1 through " + ServiceConfig.MAX_VNI + ")");
        }
        if (used(networks, NetworkType.VXLAN, null).contains(vni)) {
            throw ServiceErrors.tunnelIdInUse(vni);
        }
        return new Segment(NetworkType.VXLAN, null, vni);
    }

    private Segment vlan(Collection<Network> networks, String physnet, Integer vlan) {
        if (physnet == null) {
            throw ServiceErrors.invalidInput("provider:physical_network required");
        }
        VlanRange range = config.vlanRanges().get(physnet);
        if (!config.vlanRanges().isEmpty() && range == null) {
            throw ServiceErrors.invalidInput("physical_network '" + physnet + "' unknown for VLAN provider network");
        }
        Set<Integer> taken = used(networks, NetworkType.VLAN, physnet);
        if (vlan == null) {
            if (range == null) {
                throw ServiceErrors.invalidInput("provider:segmentation_id required for vlan network on "
                        + "physical network '" + physnet + "', which has no tenant VLAN range");
            }
            for (int id = range.min(); id <= range.max(); id++) {
                if (!taken.contains(id)) {
                    return new Segment(NetworkType.VLAN, physnet, id);
                }
            }
            throw ServiceErrors.noNetworkAvailable();
        }
        if (vlan < 1 || vlan > MAX_VLAN) {
            throw ServiceErrors.invalidInput("provider:segmentation_id out of range (1 through " + MAX_VLAN + ")");
        }
        if (taken.contains(vlan)) {
            throw ServiceErrors.vlanIdInUse(vlan, physnet);
        }
        return new Segment(NetworkType.VLAN, physnet, vlan);
    }

    private static Segment flat(Collection<Network> networks, String physnet, Integer segmentationId) {
        if (segmentationId != null) {
            throw ServiceErrors.invalidInput("provider:segmentation_id specified for flat network");
        }
        if (physnet == null) {
            throw ServiceErrors.invalidInput("provider:physical_network required");
        }
        boolean inUse = networks.stream()
                .anyMatch(n -> n.networkType() == NetworkType.FLAT && physnet.equals(n.physicalNetwork()));
        if (inUse) {
            throw ServiceErrors.flatNetworkInUse(physnet);
        }
        return new Segment(NetworkType.FLAT, physnet, null);
    }

    private int allocateVni(Collection<Network> networks) {
        Set<Integer> taken = used(networks, NetworkType.VXLAN, null);
        for (int vni = config.vniMin(); vni <= config.vniMax(); vni++) {
            if (!taken.contains(vni)) {
                return vni;
            }
        }
        throw ServiceErrors.noNetworkAvailable();
    }

    private static Set<Integer> used(Collection<Network> networks, NetworkType type, String physnet) {
        return networks.stream()
                .filter(n -> n.networkType() == type && Objects.equals(n.physicalNetwork(), physnet))
                .map(Network::segmentationId)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }
}
