package dev.muon.pipeline.model;

/** An inclusive range of addresses IPAM may hand out. */
public record AllocationPool(String start, String end) {
}
