package dev.muon.northbound;

import java.util.List;
import java.util.Map;

/**
 * Neutron's quotas and quota_details extensions: per-project limits by quota resource name
 * ("network", "port", ...), -1 for unlimited. A project without limits of its own has the
 * deployment's defaults. Members read their own project's; only admins read others' or change any.
 */
public interface QuotaService {

    /** The projects that have limits of their own, each with all its limits (admin only). */
    List<ProjectQuotaView> list(RequestContext ctx);

    /** The project's limits, each resource's own or the default. */
    Map<String, Integer> get(RequestContext ctx, String projectId);

    /** The deployment's default limits. */
    Map<String, Integer> defaults(RequestContext ctx, String projectId);

    /** Limit, use and reservations of each resource. */
    Map<String, QuotaUsage> details(RequestContext ctx, String projectId);

    /**
     * Sets some of the project's limits (admin only) and answers all of them. With
     * {@code checkLimit}, a limit below what the project already uses is refused.
     */
    Map<String, Integer> update(RequestContext ctx, String projectId, Map<String, Integer> limits, boolean checkLimit);

    /** Back to the defaults (admin only); 404 when the project had no limits of its own. */
    void delete(RequestContext ctx, String projectId);
}
