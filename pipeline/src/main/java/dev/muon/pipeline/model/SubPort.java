package dev.muon.pipeline.model;

/** A port carried in a trunk, tagged with {@code segmentationId} (the VLAN the VM sees). */
public record SubPort(String portId, String segmentationType, int segmentationId) {
    public static final String VLAN = "vlan";
}
