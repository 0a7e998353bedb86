package dev.muon.pipeline.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quota limits an admin set for one project, by Neutron quota resource name ("network",
 * "port", ...): only those set, the others are the deployment's defaults. -1 is unlimited.
 * The controller's dataplane ignores it; the API enforces it on create.
 */
public record ProjectQuota(String projectId, Map<String, Integer> limits) {

    public ProjectQuota {
        limits = Collections.unmodifiableMap(new TreeMap<>(limits == null ? Map.of() : limits));
    }
}
