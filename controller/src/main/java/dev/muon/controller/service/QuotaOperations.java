package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.ProjectQuotaView;
import dev.muon.northbound.QuotaService;
import dev.muon.northbound.QuotaUsage;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ProjectQuota;
import dev.muon.pipeline.model.ResourceKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Neutron's quota API over the model: a project's own limits are a {@link ProjectQuota} (durable
 * like every resource); Neutron's default policy: a member reads its own project's limits and
 * the defaults, an admin reads and sets any. Setting a limit below the current use is allowed
 * (the project just cannot create more) unless the request asks for check_limit.
 */
final class QuotaOperations implements QuotaService {
    private final ModelStore store;
    private final QuotaLimits limits;

    QuotaOperations(ModelStore store, QuotaLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    @Override
    public List<ProjectQuotaView> list(RequestContext ctx) {
        requireAdmin(ctx, "get_quota");
        NetworkModel m = store.snapshot();
        List<ProjectQuotaView> out = new ArrayList<>();
        for (ProjectQuota q : new TreeMap<>(m.all(ResourceKind.QUOTA)).values()) {
            out.add(new ProjectQuotaView(q.projectId(), limits.of(m, q.projectId())));
        }
        return out;
    }

    @Override
    public Map<String, Integer> get(RequestContext ctx, String projectId) {
        requireOwnOrAdmin(ctx, projectId);
        return limits.of(store.snapshot(), projectId);
    }

    @Override
    public Map<String, Integer> defaults(RequestContext ctx, String projectId) {
        requireOwnOrAdmin(ctx, projectId);
        return limits.of(NetworkModel.EMPTY, projectId);
    }

    @Override
    public Map<String, QuotaUsage> details(RequestContext ctx, String projectId) {
        if (!ctx.owns(projectId)) {
            throw new NeutronException(403, "AdminRequired", "User does not have admin privileges: "
                    + "Only admin is authorized to access quotas for another project.");
        }
        NetworkModel m = store.snapshot();
        Map<String, Integer> limit = limits.of(m, projectId);
        Map<String, QuotaUsage> out = new LinkedHashMap<>();
        for (QuotaResource<?> r : QuotaResource.ALL) {
            out.put(r.name(), new QuotaUsage(limit.get(r.name()), r.used(m, projectId), 0));
        }
        return out;
    }

    @Override
    public Map<String, Integer> update(RequestContext ctx, String projectId, Map<String, Integer> changes,
                                       boolean checkLimit) {
        requireAdmin(ctx, "update_quota");
        List<String> unknown = changes.keySet().stream().filter(name -> !QuotaResource.known(name)).toList();
        if (!unknown.isEmpty()) {
            throw NeutronException.badRequest("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
        return ModelWrites.write(store, m -> {
            if (checkLimit) {
                checkUse(m, projectId, changes);
            }
            Map<String, Integer> own = new TreeMap<>(
                    m.get(ResourceKind.QUOTA, projectId).map(ProjectQuota::limits).orElse(Map.of()));
            own.putAll(changes);
            NetworkModel next = m.with(ResourceKind.QUOTA, new ProjectQuota(projectId, own));
            return Result.of(next, limits.of(next, projectId));
        });
    }

    @Override
    public void delete(RequestContext ctx, String projectId) {
        requireAdmin(ctx, "delete_quota");
        ModelWrites.write(store, m -> {
            if (m.get(ResourceKind.QUOTA, projectId).isEmpty()) {
                throw NeutronException.notFound("TenantQuotaNotFound",
                        "Quota for tenant " + projectId + " could not be found.");
            }
            return Result.of(m.without(ResourceKind.QUOTA, projectId), null);
        });
    }

    /** Neutron's check_limit: no new limit may be below what the project already has. */
    private static void checkUse(NetworkModel m, String projectId, Map<String, Integer> changes) {
        for (QuotaResource<?> r : QuotaResource.ALL) {
            Integer limit = changes.get(r.name());
            if (limit != null && limit >= 0) {
                int used = r.used(m, projectId);
                if (used > limit) {
                    throw NeutronException.badRequest("Quota limit " + limit + " for " + r.name()
                            + " must be greater than or equal to already used " + used);
                }
            }
        }
    }

    private static void requireAdmin(RequestContext ctx, String action) {
        if (!ctx.isAdmin()) {
            throw NeutronException.policy(action);
        }
    }

    /** Neutron checks get_quota (admin only) only when the project is not the caller's own. */
    private static void requireOwnOrAdmin(RequestContext ctx, String projectId) {
        if (!ctx.owns(projectId)) {
            throw NeutronException.policy("get_quota");
        }
    }
}
