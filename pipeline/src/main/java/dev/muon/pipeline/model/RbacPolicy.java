package dev.muon.pipeline.model;

import java.time.Instant;

/**
 * A Neutron RBAC policy: {@code projectId} (who made it) lets {@code targetProject} (a project
 * id, or {@value #WILDCARD} for all) use the object {@code objectId} of {@code objectType} as
 * {@code action} says: {@value #ACCESS_AS_SHARED} (see and use it), or for networks
 * {@value #ACCESS_AS_EXTERNAL} (see it and use it as an external network). {@code createdAt}
 * only orders them.
 */
public record RbacPolicy(
        String id,
        String projectId,
        String objectType,
        String objectId,
        String action,
        String targetProject,
        Instant createdAt) {
    public static final String WILDCARD = "*";
    public static final String ACCESS_AS_SHARED = "access_as_shared";
    public static final String ACCESS_AS_EXTERNAL = "access_as_external";

    public static final String NETWORK = "network";
    public static final String SUBNET_POOL = "subnetpool";
    public static final String ADDRESS_SCOPE = "address_scope";
    public static final String SECURITY_GROUP = "security_group";
    public static final String ADDRESS_GROUP = "address_group";

    /** Whether this policy grants {@code action} on the object to {@code projectId}. */
    public boolean grants(String action, String projectId) {
        return this.action.equals(action) && (WILDCARD.equals(targetProject) || targetProject.equals(projectId));
    }

    public RbacPolicy withTarget(String target) {
        return new RbacPolicy(id, projectId, objectType, objectId, action, target, createdAt);
    }
}
