package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RbacPolicyRequest;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SubnetPool;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * RBAC policies with Neutron's rules: only an object's owner (or an admin) shares it; only admins
 * share with all ({@code *}); one policy per object, action and target; a policy others depend on
 * (a project's ports on a network shared with it, its subnets from a shared pool, ...) is not
 * removed or retargeted. Each change keeps the object's shared/external flags in line.
 */
final class RbacPolicyOperations implements ResourceOperations<RbacPolicy, RbacPolicyRequest> {
    /** The actions each object type takes, as Neutron's RBAC models list them. */
    private static final Map<String, List<String>> ACTIONS = Map.of(
            RbacPolicy.NETWORK, List.of(RbacPolicy.ACCESS_AS_SHARED, RbacPolicy.ACCESS_AS_EXTERNAL),
            RbacPolicy.SUBNET_POOL, List.of(RbacPolicy.ACCESS_AS_SHARED),
            RbacPolicy.ADDRESS_SCOPE, List.of(RbacPolicy.ACCESS_AS_SHARED),
            RbacPolicy.SECURITY_GROUP, List.of(RbacPolicy.ACCESS_AS_SHARED),
            RbacPolicy.ADDRESS_GROUP, List.of(RbacPolicy.ACCESS_AS_SHARED));
    private static final int MAX_TARGET = 255;

    private final ServiceConfig config;
    private final Clock clock;

    RbacPolicyOperations(ServiceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Result<RbacPolicy> create(NetworkModel model, RequestContext ctx, RbacPolicyRequest r) {
        String type = required(r.objectType(), "object_type");
        String objectId = required(r.objectId(), "object_id");
        String action = required(r.action(), "action");
        String target = target(required(r.targetTenant(), "target_tenant"));
        if (!ACTIONS.containsKey(type)) {
            throw ServiceErrors.invalidAttribute("object_type", "'" + type + "' is not in "
                    + List.of(RbacPolicy.ADDRESS_GROUP, RbacPolicy.ADDRESS_SCOPE, RbacPolicy.NETWORK,
                    RbacPolicy.SECURITY_GROUP, RbacPolicy.SUBNET_POOL));
        }
        if (!action.equals(RbacPolicy.ACCESS_AS_SHARED) && !action.equals(RbacPolicy.ACCESS_AS_EXTERNAL)) {
            throw ServiceErrors.invalidAttribute("action", "'" + action + "' is not in "
                    + List.of(RbacPolicy.ACCESS_AS_EXTERNAL, RbacPolicy.ACCESS_AS_SHARED));
        }
        if (!ACTIONS.get(type).contains(action)) {
            throw SharingErrors.invalidActionForType(action, type, String.join(", ", ACTIONS.get(type)));
        }
        refuseWildcard(ctx, target, "create_rbac_policy");
        checkObject(model, ctx, type, objectId);
        checkScopeReachesTarget(model, type, objectId, target);
        refuseDuplicate(model, type, objectId, action, target, null);
        RbacPolicy policy = new RbacPolicy(UUID.randomUUID().toString(),
                Policies.owner(ctx, r.projectId(), "rbac_policy", config), type, objectId, action, target,
                clock.instant());
        NetworkModel next = model.with(ResourceKind.RBAC_POLICY, policy);
        return Result.of(SharedObjects.synced(next, type, objectId, action, clock.instant()), policy);
    }

    @Override
    public Result<RbacPolicy> update(NetworkModel model, RequestContext ctx, RbacPolicy p, RbacPolicyRequest r) {
        if (r.targetTenant() == null || r.targetTenant().equals(p.targetProject())) {
            return Result.unchanged(model, p);
        }
        String target = target(r.targetTenant());
        refuseWildcard(ctx, target, "update_rbac_policy");
        checkObject(model, ctx, p.objectType(), p.objectId());
        checkScopeReachesTarget(model, p.objectType(), p.objectId(), target);
        refuseDuplicate(model, p.objectType(), p.objectId(), p.action(), target, p.id());
        RbacPolicy updated = p.withTarget(target);
        NetworkModel next = model.with(ResourceKind.RBAC_POLICY, updated);
        if (!target.equals(RbacPolicy.WILDCARD)) {
            checkNotInUse(model, next, p);
        }
        return Result.of(SharedObjects.synced(next, p.objectType(), p.objectId(), p.action(), clock.instant()),
                updated);
    }

    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, RbacPolicy p) {
        NetworkModel next = model.without(ResourceKind.RBAC_POLICY, p.id());
        checkNotInUse(model, next, p);
        return Result.of(SharedObjects.synced(next, p.objectType(), p.objectId(), p.action(), clock.instant()),
                null);
    }

    /**
     * Refuses the change from {@code before} to {@code after} (the policy gone or retargeted) when
     * a project that uses the object through the policy would lose its access.
     */
    static void checkNotInUse(NetworkModel before, NetworkModel after, RbacPolicy p) {
        if (p.action().equals(RbacPolicy.ACCESS_AS_EXTERNAL) && p.targetProject().equals(RbacPolicy.WILDCARD)
                && before.network(p.objectId()).map(n -> n.isDefault()).orElse(false)) {
            throw SharingErrors.rbacPolicyInUse(p.objectId(), "Default external networks must be shared to everyone.");
        }
        NetworkModel flagged = SharedObjects.synced(after, p.objectType(), p.objectId(), p.action(), Instant.EPOCH);
        SharedObjects.users(before, p.objectType(), p.objectId(), p.action())
                .filter(project -> p.grants(p.action(), project))
                .filter(project -> !SharedObjects.allowed(flagged, p.objectType(), p.objectId(), p.action(), project))
                .findFirst()
                .ifPresent(project -> {
                    throw SharingErrors.rbacPolicyInUse(p.objectId(), "project " + project + " uses it");
                });
    }

    /** The object exists and the caller sees it (else 404) and owns it (else 400, as Neutron). */
    private static void checkObject(NetworkModel model, RequestContext ctx, String type, String objectId) {
        String owner = SharedObjects.owner(model, type, objectId);
        if (owner == null || !SharedObjects.visible(model, ctx, type, objectId)) {
            throw SharedObjects.notFound(type, objectId);
        }
        if (!ctx.owns(owner)) {
            throw ServiceErrors.invalidInput("Only admins can manipulate policies on objects they do not own");
        }
    }

    /** A pool in an address scope may be shared only with projects that may use the scope (Neutron). */
    private static void checkScopeReachesTarget(NetworkModel model, String type, String objectId, String target) {
        if (!type.equals(RbacPolicy.SUBNET_POOL)) {
            return;
        }
        String scope = model.get(ResourceKind.SUBNET_POOL, objectId).map(SubnetPool::addressScopeId).orElse(null);
        if (scope == null) {
            return;
        }
        boolean reaches = model.get(ResourceKind.ADDRESS_SCOPE, scope).map(a -> target.equals(RbacPolicy.WILDCARD)
                ? a.shared() : target.equals(a.projectId()) || Policies.scopeSharedWith(model, a, target))
                .orElse(true);
        if (!reaches) {
            throw ServiceErrors.invalidInput("Subnet pool " + objectId + " is associated with address scope "
                    + scope + ", which is not shared with the target project " + target);
        }
    }

    private static void refuseDuplicate(NetworkModel model, String type, String objectId, String action,
                                        String target, String exceptId) {
        boolean exists = Sharing.of(model).on(type, objectId).stream()
                .anyMatch(p -> !p.id().equals(exceptId) && p.action().equals(action)
                        && p.targetProject().equals(target));
        if (exists) {
            throw SharingErrors.duplicateRbacPolicy();
        }
    }

    /** Neutron's policy: only admins share with all projects. */
    private static void refuseWildcard(RequestContext ctx, String target, String action) {
        if (target.equals(RbacPolicy.WILDCARD) && !ctx.isAdmin()) {
            throw NeutronException.policy(action);
        }
    }

    private static String target(String target) {
        if (target.length() > MAX_TARGET) {
            throw ServiceErrors.invalidAttribute("target_tenant", "'" + target.substring(0, 20)
                    + "...' exceeds maximum length of " + MAX_TARGET);
        }
        return target;
    }

    private static String required(String value, String attribute) {
        if (value == null) {
            throw ServiceErrors.required(attribute);
        }
        return value;
    }
}
