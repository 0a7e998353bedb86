package dev.muon.northbound;

/**
 * Which project a created resource belongs to. There is no Keystone yet, so the body's
 * project_id/tenant_id wins, then the X-Project-Id header (what keystonemiddleware would set);
 * null leaves the choice to the service's default.
 */
final class ProjectIds {
    static final String HEADER = "X-Project-Id";

    private ProjectIds() {
    }

    static String resolve(AttributeReader body, String headerValue) {
        String projectId = body.string("project_id");
        String tenantId = body.string("tenant_id");
        if (projectId != null && tenantId != null && !projectId.equals(tenantId)) {
            throw NeutronException.badRequest("'project_id' and 'tenant_id' do not match");
        }
        if (projectId != null) {
            return projectId;
        }
        if (tenantId != null) {
            return tenantId;
        }
        return headerValue == null || headerValue.isBlank() ? null : headerValue;
    }
}
