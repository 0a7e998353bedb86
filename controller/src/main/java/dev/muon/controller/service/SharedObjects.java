package dev.muon.controller.service;

import dev.muon.pipeline.model.AddressGroup;
import dev.muon.pipeline.model.AddressScope;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;
import dev.muon.pipeline.model.SubnetPool;

import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The objects RBAC policies share, by Neutron object type: their owners, the projects that use
 * them, and the {@code shared}/{@code router:external} flags that follow their policies. A
 * change of policy is a change of its object (its revision is bumped, as Neutron does).
 */
final class SharedObjects {
    private SharedObjects() {
    }

    /** The owner of the object, or null if there is none of that type and id. */
    static String owner(NetworkModel m, String type, String id) {
        return switch (type) {
            case RbacPolicy.NETWORK -> m.network(id).map(Network::projectId).orElse(null);
            case RbacPolicy.SUBNET_POOL -> m.get(ResourceKind.SUBNET_POOL, id).map(SubnetPool::projectId).orElse(null);
            case RbacPolicy.ADDRESS_SCOPE ->
                    m.get(ResourceKind.ADDRESS_SCOPE, id).map(AddressScope::projectId).orElse(null);
            case RbacPolicy.SECURITY_GROUP ->
                    m.get(ResourceKind.SECURITY_GROUP, id).map(SecurityGroup::projectId).orElse(null);
            case RbacPolicy.ADDRESS_GROUP ->
                    m.get(ResourceKind.ADDRESS_GROUP, id).map(AddressGroup::projectId).orElse(null);
            default -> null;
        };
    }

    /** Whether the caller's rules let it see the object (else it is answered as not found). */
    static boolean visible(NetworkModel m, dev.muon.northbound.RequestContext ctx, String type, String id) {
        return switch (type) {
            case RbacPolicy.NETWORK -> Policies.NETWORKS.visible(m, ctx, id).isPresent();
            case RbacPolicy.SUBNET_POOL -> Policies.SUBNET_POOLS.visible(m, ctx, id).isPresent();
            case RbacPolicy.ADDRESS_SCOPE -> Policies.ADDRESS_SCOPES.visible(m, ctx, id).isPresent();
            case RbacPolicy.SECURITY_GROUP -> Policies.SECURITY_GROUPS.visible(m, ctx, id).isPresent();
            case RbacPolicy.ADDRESS_GROUP -> AddressGroupOperations.RULES.visible(m, ctx, id).isPresent();
            default -> false;
        };
    }

    static dev.muon.northbound.NeutronException notFound(String type, String id) {
        return switch (type) {
            case RbacPolicy.NETWORK -> ServiceErrors.networkNotFound(id);
            case RbacPolicy.SUBNET_POOL -> ServiceErrors.subnetPoolNotFound(id);
            case RbacPolicy.ADDRESS_SCOPE -> SharingErrors.addressScopeNotFound(id);
            case RbacPolicy.ADDRESS_GROUP -> AddressGroupOperations.notFound(id);
            default -> ServiceErrors.securityGroupNotFound(id);
        };
    }

    /** The projects (other than none) whose resources use the object as {@code action} allows. */
    static Stream<String> users(NetworkModel m, String type, String id, String action) {
        if (type.equals(RbacPolicy.NETWORK) && action.equals(RbacPolicy.ACCESS_AS_EXTERNAL)) {
            // Neutron counts routers gated to the network (not floating IPs)
            return m.routers().values().stream()
                    .filter(r -> r.gateway() != null && id.equals(r.gateway().networkId()))
                    .map(r -> r.projectId());
        }
        Stream<String> users = switch (type) {
            case RbacPolicy.NETWORK -> m.portsOf(id).stream().map(p -> p.projectId());
            case RbacPolicy.SUBNET_POOL -> m.subnets().values().stream()
                    .filter(s -> id.equals(s.subnetpoolId())).map(s -> s.projectId());
            case RbacPolicy.ADDRESS_SCOPE -> m.all(ResourceKind.SUBNET_POOL).values().stream()
                    .filter(p -> id.equals(p.addressScopeId())).map(SubnetPool::projectId);
            case RbacPolicy.SECURITY_GROUP -> m.membersOf(id).stream().map(p -> p.projectId());
            // Neutron: the projects whose security group rules name the address group
            case RbacPolicy.ADDRESS_GROUP -> m.all(ResourceKind.SECURITY_GROUP_RULE).values().stream()
                    .filter(r -> id.equals(r.remoteAddressGroupId())).map(SecurityGroupRule::projectId);
            default -> Stream.empty();
        };
        return users.filter(p -> p != null && !p.isEmpty());
    }

    /** Whether {@code projectId} may use the object as {@code action} in {@code m}. */
    static boolean allowed(NetworkModel m, String type, String id, String action, String projectId) {
        if (projectId.equals(owner(m, type, id))) {
            return true;
        }
        if (action.equals(RbacPolicy.ACCESS_AS_EXTERNAL)) {
            return m.network(id).map(n -> Policies.externalTo(m, n, projectId)).orElse(false);
        }
        boolean wildcard = switch (type) {
            case RbacPolicy.NETWORK -> m.network(id).map(Network::shared).orElse(false);
            case RbacPolicy.SUBNET_POOL -> m.get(ResourceKind.SUBNET_POOL, id).map(SubnetPool::shared).orElse(false);
            case RbacPolicy.ADDRESS_SCOPE ->
                    m.get(ResourceKind.ADDRESS_SCOPE, id).map(AddressScope::shared).orElse(false);
            default -> false;
        };
        return Policies.sharedWith(m, type, id, wildcard, projectId);
    }

    /**
     * The model with the object's flags brought in line with its policies (shared: a wildcard
     * access_as_shared policy exists; router:external: any access_as_external policy does) and
     * its revision bumped, as a policy change is a change of the object in Neutron. Only a change
     * of an access_as_external policy ({@code action}) moves router:external: an external network
     * stored before Muon kept policies has none.
     */
    static NetworkModel synced(NetworkModel m, String type, String id, String action, Instant now) {
        Sharing sharing = Sharing.of(m);
        boolean wildcard = sharing.on(type, id).stream()
                .anyMatch(p -> p.action().equals(RbacPolicy.ACCESS_AS_SHARED)
                        && p.targetProject().equals(RbacPolicy.WILDCARD));
        switch (type) {
            case RbacPolicy.NETWORK -> {
                Network n = m.network(id).orElse(null);
                if (n == null) {
                    return m;
                }
                boolean external = action.equals(RbacPolicy.ACCESS_AS_EXTERNAL)
                        ? sharing.any(type, id, RbacPolicy.ACCESS_AS_EXTERNAL) : n.external();
                return m.withNetwork(withFlags(n, wildcard, external).revised(now));
            }
            case RbacPolicy.SUBNET_POOL -> {
                return m.get(ResourceKind.SUBNET_POOL, id)
                        .map(p -> m.with(ResourceKind.SUBNET_POOL, p.withShared(wildcard).revised(now))).orElse(m);
            }
            case RbacPolicy.ADDRESS_SCOPE -> {
                return m.get(ResourceKind.ADDRESS_SCOPE, id).map(a -> m.with(ResourceKind.ADDRESS_SCOPE,
                        new AddressScope(a.id(), a.name(), a.projectId(), a.ipVersion(), wildcard, a.createdAt())))
                        .orElse(m);
            }
            case RbacPolicy.SECURITY_GROUP -> {
                return m.get(ResourceKind.SECURITY_GROUP, id)
                        .map(g -> m.with(ResourceKind.SECURITY_GROUP, g.revised(now))).orElse(m);
            }
            case RbacPolicy.ADDRESS_GROUP -> {
                return m.get(ResourceKind.ADDRESS_GROUP, id)
                        .map(g -> m.with(ResourceKind.ADDRESS_GROUP, g.revised(now))).orElse(m);
            }
            default -> {
                return m;
            }
        }
    }

    static Network withFlags(Network n, boolean shared, boolean external) {
        return n.withFlags(shared, external);
    }

    /** A wildcard policy of the object's owner, as Neutron makes for shared=True or router:external=True. */
    static RbacPolicy wildcard(String type, String id, String owner, String action, Instant now) {
        return new RbacPolicy(UUID.randomUUID().toString(), owner, type, id, action, RbacPolicy.WILDCARD, now);
    }

    /** The model without the wildcard policies of {@code action} on the object. */
    static NetworkModel withoutWildcards(NetworkModel m, String type, String id, String action) {
        NetworkModel next = m;
        for (RbacPolicy p : Sharing.of(m).on(type, id)) {
            if (p.action().equals(action) && p.targetProject().equals(RbacPolicy.WILDCARD)) {
                next = next.without(ResourceKind.RBAC_POLICY, p.id());
            }
        }
        return next;
    }

    /** The model without the object's policies (the object is being deleted; Neutron cascades). */
    static NetworkModel withoutPoliciesOn(NetworkModel m, String type, String id) {
        NetworkModel next = m;
        for (RbacPolicy p : Sharing.of(m).on(type, id)) {
            next = next.without(ResourceKind.RBAC_POLICY, p.id());
        }
        return next;
    }
}
