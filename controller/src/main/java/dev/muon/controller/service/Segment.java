package dev.muon.controller.service;

import dev.muon.pipeline.model.NetworkType;

/** A network's provider attributes: how its traffic is carried between nodes. */
record Segment(NetworkType type, String physicalNetwork, Integer segmentationId) {

    /** Neutron's default MTU for the type: VXLAN loses 50 bytes to its headers on a 1500-byte underlay. */
    int maxMtu() {
        return type == NetworkType.VXLAN ? 1450 : 1500;
    }
}
