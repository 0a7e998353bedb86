package dev.muon.northbound;

/**
 * One entry of {@code /v2.0/availability_zones}: a zone and the kind of resource it can host
 * ({@code network} or {@code router}); {@code available} while a live node is in it.
 */
public record AvailabilityZoneView(String name, String resource, boolean available) {
}
