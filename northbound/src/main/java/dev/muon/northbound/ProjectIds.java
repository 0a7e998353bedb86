package dev.muon.northbound;

/**
 * The project a create request names: project_id or tenant_id (which must agree), or null.
 * Whether the caller may create there, and whose the resource is when none is named, is the
 * service's decision.
 */
final class ProjectIds {
    private ProjectIds() {
    }

    static String resolve(AttributeReader body) {
        String projectId = body.projectId("project_id");
        String tenantId = body.projectId("tenant_id");
        if (projectId != null && tenantId != null && !projectId.equals(tenantId)) {
            throw NeutronException.badRequest("'project_id' and 'tenant_id' do not match");
        }
        return projectId != null ? projectId : tenantId;
    }
}
