package dev.muon.northbound;

/**
 * Which project a created resource belongs to: the body's project_id/tenant_id, else the
 * caller's project; null leaves the choice to the service's default. Only admins may create
 * for another project, as in Neutron's default policy.
 */
final class ProjectIds {
    private ProjectIds() {
    }

    static String resolve(AttributeReader body, RequestContext ctx, String resource) {
        String projectId = body.string("project_id");
        String tenantId = body.string("tenant_id");
        if (projectId != null && tenantId != null && !projectId.equals(tenantId)) {
            throw NeutronException.badRequest("'project_id' and 'tenant_id' do not match");
        }
        String requested = projectId != null ? projectId : tenantId;
        if (requested == null) {
            return ctx.projectId();
        }
        if (!ctx.isAdmin() && !requested.equals(ctx.projectId())) {
            throw NeutronException.policy("create_" + resource);
        }
        return requested;
    }
}
