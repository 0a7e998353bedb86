package dev.muon.pipeline.model;

public record FixedIp(String subnetId, String ipAddress) {
}
