package dev.muon.northbound;

/** A subport as a client sent it; for removal only {@code portId} counts. */
public record SubPortRequest(String portId, String segmentationType, Integer segmentationId) {
    /** The segmentation type that takes the subport's network's own. */
    public static final String INHERIT = "inherit";

    public static SubPortRequest vlan(String portId, int segmentationId) {
        return new SubPortRequest(portId, "vlan", segmentationId);
    }
}
