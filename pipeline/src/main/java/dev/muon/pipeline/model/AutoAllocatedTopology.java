package dev.muon.pipeline.model;

/**
 * What "get me a network" built for a project (at most one per project): its network, whose
 * subnets come from the default subnet pools, and the router gating them to the default
 * external network.
 */
public record AutoAllocatedTopology(String projectId, String networkId, String routerId) {
}
