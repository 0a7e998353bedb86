package dev.muon.controller.service;

import dev.muon.controller.MuonConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The limits of a project that has none of its own, by quota resource name; -1 is unlimited.
 * Neutron's defaults ([QUOTAS] quota_network and so on) unless the configuration's
 * {@code quota.<resource>} keys say otherwise.
 */
public record QuotaDefaults(Map<String, Integer> limits) {

    public QuotaDefaults {
        for (QuotaResource<?> r : QuotaResource.ALL) {
            Integer limit = limits.get(r.name());
            if (limit == null || limit < -1) {
                throw new IllegalArgumentException("quota." + r.name() + " must be -1 (unlimited) or more, not " + limit);
            }
        }
        limits = Map.copyOf(limits);
    }

    /** Neutron's own defaults. */
    public static QuotaDefaults neutron() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        limits.put("network", 100);
        limits.put("subnet", 100);
        limits.put("subnetpool", -1);   // Neutron's default_quota: no quota_subnetpool option
        limits.put("port", 500);
        limits.put("router", 10);
        limits.put("floatingip", 50);
        limits.put("security_group", 10);
        limits.put("security_group_rule", 100);
        limits.put("rbac_policy", 10);
        return new QuotaDefaults(limits);
    }

    /** No limits: for tools and tests that are about something else. */
    public static QuotaDefaults unlimited() {
        Map<String, Integer> limits = new LinkedHashMap<>();
        QuotaResource.ALL.forEach(r -> limits.put(r.name(), -1));
        return new QuotaDefaults(limits);
    }

    /** From {@code quota.network}, {@code quota.port}, ... (muon-defaults.properties has Neutron's). */
    public static QuotaDefaults from(MuonConfig config) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        QuotaResource.ALL.forEach(r -> limits.put(r.name(), config.getInt("quota." + r.name())));
        return new QuotaDefaults(limits);
    }

    int limit(String resource) {
        return limits.get(resource);
    }
}
