package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.AddressScopeRequest;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.AddressScope;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.ResourceKind;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Address scopes with Neutron's rules: IPv4 or IPv6; shared=True is a wildcard RBAC policy, and
 * a shared scope is not unshared by update; a scope with subnet pools cannot be deleted.
 */
final class AddressScopeOperations implements ResourceOperations<AddressScope, AddressScopeRequest> {
    private final ServiceConfig config;
    private final Clock clock;

    AddressScopeOperations(ServiceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Result<AddressScope> create(NetworkModel model, RequestContext ctx, AddressScopeRequest r) {
        if (r.ipVersion() == null) {
            throw ServiceErrors.required("ip_version");
        }
        if (r.ipVersion() != 4 && r.ipVersion() != 6) {
            throw ServiceErrors.invalidAttribute("ip_version", "'" + r.ipVersion() + "' is not in [4, 6]");
        }
        Instant now = clock.instant();
        boolean shared = r.shared() != null && r.shared();
        AddressScope scope = new AddressScope(UUID.randomUUID().toString(), NetworkOperations.orEmpty(r.name()),
                Policies.owner(ctx, r.projectId(), "address_scope", config), r.ipVersion(), shared, now);
        NetworkModel next = model.with(ResourceKind.ADDRESS_SCOPE, scope);
        if (shared) {
            next = next.with(ResourceKind.RBAC_POLICY, SharedObjects.wildcard(RbacPolicy.ADDRESS_SCOPE, scope.id(),
                    scope.projectId(), RbacPolicy.ACCESS_AS_SHARED, now));
        }
        return Result.of(next, scope);
    }

    @Override
    public Result<AddressScope> update(NetworkModel model, RequestContext ctx, AddressScope a, AddressScopeRequest r) {
        boolean shared = r.shared() == null ? a.shared() : r.shared();
        if (a.shared() && !shared) {
            throw SharingErrors.addressScopeUpdate(a.id(), "Shared address scope can't be unshared");
        }
        AddressScope updated = new AddressScope(a.id(), r.name() == null ? a.name() : r.name(), a.projectId(),
                a.ipVersion(), shared, a.createdAt());
        if (updated.equals(a)) {
            return Result.unchanged(model, a);
        }
        NetworkModel next = model.with(ResourceKind.ADDRESS_SCOPE, updated);
        if (shared && !a.shared()) {
            next = next.with(ResourceKind.RBAC_POLICY, SharedObjects.wildcard(RbacPolicy.ADDRESS_SCOPE, a.id(),
                    a.projectId(), RbacPolicy.ACCESS_AS_SHARED, clock.instant()));
        }
        return Result.of(next, updated);
    }

    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, AddressScope a) {
        boolean used = model.all(ResourceKind.SUBNET_POOL).values().stream()
                .anyMatch(p -> a.id().equals(p.addressScopeId()));
        if (used) {
            throw SharingErrors.addressScopeInUse(a.id());
        }
        NetworkModel next = SharedObjects.withoutPoliciesOn(model, RbacPolicy.ADDRESS_SCOPE, a.id());
        return Result.of(next.without(ResourceKind.ADDRESS_SCOPE, a.id()), null);
    }
}
