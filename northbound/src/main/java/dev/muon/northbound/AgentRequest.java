package dev.muon.northbound;

/** What {@code PUT /v2.0/agents/{id}} may change; null: not sent. */
public record AgentRequest(Boolean adminStateUp, String description) {
}
