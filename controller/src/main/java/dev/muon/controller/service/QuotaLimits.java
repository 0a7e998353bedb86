package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ProjectQuota;
import dev.muon.pipeline.model.ResourceKind;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each project's limits: its own where an admin set them (in the model), the deployment's
 * defaults elsewhere. Enforces them as Neutron's quota engine does on an API create: a project
 * may not end up owning more than its limit of what the create adds; a project already over a
 * lowered limit keeps what it has.
 */
final class QuotaLimits {
    private final QuotaDefaults defaults;

    QuotaLimits(QuotaDefaults defaults) {
        this.defaults = defaults;
    }

    /** Every resource's limit for the project, in Neutron's order. */
    Map<String, Integer> of(NetworkModel model, String projectId) {
        Map<String, Integer> own = model.get(ResourceKind.QUOTA, projectId).map(ProjectQuota::limits).orElse(Map.of());
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (QuotaResource<?> r : QuotaResource.ALL) {
            limits.put(r.name(), own.getOrDefault(r.name(), defaults.limit(r.name())));
        }
        return limits;
    }

    int of(NetworkModel model, String projectId, String resource) {
        return model.get(ResourceKind.QUOTA, projectId).map(q -> q.limits().get(resource))
                .orElse(defaults.limit(resource));
    }

    /**
     * The check of an API create of {@code created}'s resource: as Neutron's API layer, what the
     * project owned before plus what the request creates may not exceed its limit (what the
     * create adds besides, a project's default security group, is not counted). For the
     * {@code alsoGrowing} resources, what the project owns once the create is done may not exceed
     * its limit if the create added to it, as Neutron checks a new security group's default rules
     * against the rule quota.
     */
    <T> QuotaCheck on(QuotaResource<T> created, QuotaResource<?>... alsoGrowing) {
        return (before, after, values) -> {
            Set<String> over = new LinkedHashSet<>();
            Map<String, Integer> requested = new HashMap<>();
            values.forEach(v -> requested.merge(created.projectOf().apply(created.kind().type().cast(v)), 1,
                    Integer::sum));
            requested.forEach((project, n) -> {
                int limit = of(after, project, created.name());
                // no project owns more than all of them: most creates need not count
                if (limit >= 0 && created.total(before) + n > limit && created.used(before, project) + n > limit) {
                    over.add(created.name());
                }
            });
            for (QuotaResource<?> r : alsoGrowing) {
                for (String project : r.projectsAddingTo(before, after)) {
                    int limit = of(after, project, r.name());
                    if (limit >= 0 && r.total(after) > limit && r.used(after, project) > limit) {
                        over.add(r.name());
                    }
                }
            }
            if (!over.isEmpty()) {
                throw NeutronException.conflict("OverQuota", "Quota exceeded for resources: "
                        + pythonList(List.copyOf(over)) + ".");
            }
        };
    }

    /** A list as Python prints it in Neutron's message: ['network', 'port']. */
    private static String pythonList(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").toList().toString();
    }
}
