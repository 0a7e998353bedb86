package dev.muon.northbound;

import java.util.Map;

/** A project's quota limits, as the list of projects with non-default quotas shows them. */
public record ProjectQuotaView(String projectId, Map<String, Integer> limits) {
    public ProjectQuotaView {
        limits = Map.copyOf(limits);
    }
}
