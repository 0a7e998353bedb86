package dev.muon.controller.service;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.ResourceKind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The RBAC policies of a snapshot, by object: what every visibility rule asks ("is this network
 * shared with that project?"). Built once per set of policies and reused by the snapshots that
 * share it (a write to another kind keeps the policies' map), so a listing costs one lookup
 * per resource.
 */
final class Sharing {
    private static final Sharing NONE = new Sharing(Map.of(), Map.of());
    /** The last index built and the policy map it was built from (a benign race: two threads build the same). */
    private static volatile Sharing last = NONE;

    private final Map<String, RbacPolicy> source;
    private final Map<String, List<RbacPolicy>> byObject;

    private Sharing(Map<String, RbacPolicy> source, Map<String, List<RbacPolicy>> byObject) {
        this.source = source;
        this.byObject = byObject;
    }

    static Sharing of(NetworkModel model) {
        Map<String, RbacPolicy> policies = model.all(ResourceKind.RBAC_POLICY);
        Sharing cached = last;
        if (cached.source == policies) {
            return cached;
        }
        if (policies.isEmpty()) {
            return NONE;
        }
        Map<String, List<RbacPolicy>> byObject = new HashMap<>();
        policies.values().forEach(p -> byObject.computeIfAbsent(p.objectId(), o -> new ArrayList<>()).add(p));
        Sharing built = new Sharing(policies, byObject);
        last = built;
        return built;
    }

    /** The policies on an object (object ids are UUIDs, unique across kinds). */
    List<RbacPolicy> on(String objectType, String objectId) {
        return byObject.getOrDefault(objectId, List.of()).stream()
                .filter(p -> p.objectType().equals(objectType)).toList();
    }

    /** Whether a policy grants {@code action} on the object to {@code projectId} (null: an anonymous caller). */
    boolean grants(String objectType, String objectId, String action, String projectId) {
        for (RbacPolicy p : byObject.getOrDefault(objectId, List.of())) {
            if (p.objectType().equals(objectType) && p.grants(action, projectId)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any policy of {@code action} exists on the object. */
    boolean any(String objectType, String objectId, String action) {
        return byObject.getOrDefault(objectId, List.of()).stream()
                .anyMatch(p -> p.objectType().equals(objectType) && p.action().equals(action));
    }
}
