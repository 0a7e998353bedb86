package dev.muon.pipeline.model;

import java.time.Instant;

/**
 * What an operator set on a node's agent ({@code PUT /v2.0/agents/{id}}): its administrative
 * state and description, and when the agent was first shown. Everything else an agent shows
 * (alive, host, configurations) is read live from the node; a node nobody changed has no record.
 */
public record Agent(String id, String host, boolean adminStateUp, String description, Instant createdAt,
                    Instant updatedAt) {

    public Agent {
        description = description == null ? "" : description;
    }
}
