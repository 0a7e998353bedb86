package dev.muon.northbound;

/** What auto-allocated-topology answers: the network's id (or "dry-run=pass") and the project. */
public record AutoAllocatedTopologyView(String id, String projectId) {
}
