package dev.muon.pipeline.model;

public record HostRoute(String destination, String nexthop) {
}
