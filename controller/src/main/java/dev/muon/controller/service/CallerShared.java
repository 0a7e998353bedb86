package dev.muon.controller.service;

import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.AddressScope;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SubnetPool;

/**
 * The {@code shared} attribute as one caller sees it. Neutron computes it per request: true when
 * an access_as_shared policy targets all projects or the caller's own (so a network shared with
 * project A reads {@code shared: true} to A and {@code false} to its owner and to B). The model
 * keeps the wildcard flag; this adds the policies that name the caller's project.
 */
final class CallerShared {
    private CallerShared() {
    }

    static boolean of(NetworkModel m, RequestContext ctx, String type, String id, boolean wildcard) {
        return Policies.sharedWith(m, type, id, wildcard, ctx.projectId());
    }

    static Network network(NetworkModel m, RequestContext ctx, Network n) {
        boolean shared = of(m, ctx, RbacPolicy.NETWORK, n.id(), n.shared());
        return shared == n.shared() ? n : n.withFlags(shared, n.external());
    }

    static SubnetPool subnetPool(NetworkModel m, RequestContext ctx, SubnetPool p) {
        boolean shared = of(m, ctx, RbacPolicy.SUBNET_POOL, p.id(), p.shared());
        return shared == p.shared() ? p : p.withShared(shared);
    }

    static AddressScope addressScope(NetworkModel m, RequestContext ctx, AddressScope a) {
        boolean shared = of(m, ctx, RbacPolicy.ADDRESS_SCOPE, a.id(), a.shared());
        return shared == a.shared() ? a
                : new AddressScope(a.id(), a.name(), a.projectId(), a.ipVersion(), shared, a.createdAt());
    }

    /** Security groups keep no flag: only policies share them. */
    static boolean securityGroup(NetworkModel m, RequestContext ctx, SecurityGroup g) {
        return of(m, ctx, RbacPolicy.SECURITY_GROUP, g.id(), false);
    }
}
