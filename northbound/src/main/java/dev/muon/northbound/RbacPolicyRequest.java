package dev.muon.northbound;

/**
 * The attributes a client sent in an RBAC policy create or update; a null component was not
 * sent. Only {@code targetTenant} may change.
 */
public record RbacPolicyRequest(String projectId, String objectType, String objectId, String action,
                                String targetTenant) {
}
