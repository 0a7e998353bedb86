package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.AddressScope;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.model.SubnetPool;
import dev.muon.pipeline.model.Trunk;

/**
 * Neutron's default policy for each kind: admins see and change everything; a project sees its
 * own resources plus what RBAC policies share with it (networks shared or external to it and the
 * subnets of those shared, subnet pools, address scopes and security groups shared with it), and
 * the ports on networks it owns; it changes what it owns, subnets and ports of its networks.
 * Every rule that asks "is this shared with that project?" asks {@link #sharedWith} here.
 */
final class Policies {
    static final ResourceRules<Network> NETWORKS = new ResourceRules<>(ResourceKind.NETWORK, "network",
            ServiceErrors::networkNotFound,
            (ctx, m, n) -> visible(ctx, m, n),
            (ctx, m, n) -> ctx.owns(n.projectId()),
            Network::createdAt, Network::revisionNumber);

    static final ResourceRules<Subnet> SUBNETS = new ResourceRules<>(ResourceKind.SUBNET, "subnet",
            ServiceErrors::subnetNotFound,
            // Neutron's get_subnet: the subnet's or its network's owner, or a shared network; an
            // external network is visible to all, its subnets are not
            (ctx, m, s) -> ctx.owns(s.projectId()) || m.network(s.networkId())
                    .map(n -> ctx.owns(n.projectId()) || networkSharedWith(m, n, ctx.projectId())).orElse(false),
            (ctx, m, s) -> ownsNetwork(ctx, m, s.networkId()),
            Subnet::createdAt, Subnet::revisionNumber);

    static final ResourceRules<SubnetPool> SUBNET_POOLS = new ResourceRules<>(ResourceKind.SUBNET_POOL, "subnetpool",
            ServiceErrors::subnetPoolNotFound,
            (ctx, m, p) -> ctx.owns(p.projectId()) || poolSharedWith(m, p, ctx.projectId()),
            (ctx, m, p) -> ctx.owns(p.projectId()),
            SubnetPool::createdAt, SubnetPool::revisionNumber);

    static final ResourceRules<AddressScope> ADDRESS_SCOPES = new ResourceRules<>(ResourceKind.ADDRESS_SCOPE,
            "address_scope", SharingErrors::addressScopeNotFound,
            (ctx, m, a) -> ctx.owns(a.projectId()) || scopeSharedWith(m, a, ctx.projectId()),
            (ctx, m, a) -> ctx.owns(a.projectId()),
            AddressScope::createdAt, a -> 0);

    /** A policy is seen by its creator's project (not by its target) and admins, as in Neutron. */
    static final ResourceRules<RbacPolicy> RBAC_POLICIES = new ResourceRules<>(ResourceKind.RBAC_POLICY,
            "rbac_policy", SharingErrors::rbacPolicyNotFound,
            (ctx, m, p) -> ctx.owns(p.projectId()),
            (ctx, m, p) -> ctx.owns(p.projectId()),
            RbacPolicy::createdAt, p -> 0);

    static final ResourceRules<Port> PORTS = new ResourceRules<>(ResourceKind.PORT, "port",
            ServiceErrors::portNotFound,
            (ctx, m, p) -> ctx.owns(p.projectId()) || ownsNetwork(ctx, m, p.networkId()),
            (ctx, m, p) -> ctx.owns(p.projectId()) || ownsNetwork(ctx, m, p.networkId()),
            Port::createdAt, Port::revisionNumber);

    static final ResourceRules<Router> ROUTERS = new ResourceRules<>(ResourceKind.ROUTER, "router",
            ServiceErrors::routerNotFound,
            (ctx, m, r) -> ctx.owns(r.projectId()),
            (ctx, m, r) -> ctx.owns(r.projectId()),
            Router::createdAt, Router::revisionNumber);

    static final ResourceRules<FloatingIp> FLOATING_IPS = new ResourceRules<>(ResourceKind.FLOATING_IP,
            "floatingip", ServiceErrors::floatingIpNotFound,
            (ctx, m, f) -> ctx.owns(f.projectId()),
            (ctx, m, f) -> ctx.owns(f.projectId()),
            FloatingIp::createdAt, FloatingIp::revisionNumber);

    static final ResourceRules<SecurityGroup> SECURITY_GROUPS = new ResourceRules<>(ResourceKind.SECURITY_GROUP,
            "security_group", ServiceErrors::securityGroupNotFound,
            (ctx, m, g) -> ctx.owns(g.projectId()) || groupSharedWith(m, g, ctx.projectId()),
            (ctx, m, g) -> ctx.owns(g.projectId()),
            SecurityGroup::createdAt, SecurityGroup::revisionNumber);

    static final ResourceRules<SecurityGroupRule> SECURITY_GROUP_RULES = new ResourceRules<>(
            ResourceKind.SECURITY_GROUP_RULE, "security_group_rule", ServiceErrors::securityGroupRuleNotFound,
            (ctx, m, r) -> ctx.owns(r.projectId()) || ownsGroup(ctx, m, r.securityGroupId()),
            (ctx, m, r) -> ctx.owns(r.projectId()) || ownsGroup(ctx, m, r.securityGroupId()),
            SecurityGroupRule::createdAt, SecurityGroupRule::revisionNumber);

    static final ResourceRules<Trunk> TRUNKS = new ResourceRules<>(ResourceKind.TRUNK, "trunk",
            ServiceErrors::trunkNotFound,
            (ctx, m, t) -> ctx.owns(t.projectId()),
            (ctx, m, t) -> ctx.owns(t.projectId()),
            Trunk::createdAt, Trunk::revisionNumber);

    private Policies() {
    }

    /**
     * The project a new resource belongs to: the one the request names, else the caller's,
     * else the configured default (no-auth mode). Only admins may name another project; anyone
     * else doing so sent a bad request (Neutron's API layer answers 400 before any policy).
     */
    static String owner(RequestContext ctx, String requested, String resource, ServiceConfig config) {
        if (requested == null) {
            return ctx.projectId() != null ? ctx.projectId() : config.defaultProjectId();
        }
        if (!ctx.isAdmin() && !requested.equals(ctx.projectId())) {
            throw NeutronException.badRequest("Specifying 'project_id' other than the authenticated project in "
                    + "request is not allowed for the current user.");
        }
        return requested;
    }

    /** A network is visible to its project, and to those it is shared with or external to. */
    static boolean visible(RequestContext ctx, NetworkModel m, Network n) {
        return ctx.owns(n.projectId()) || networkSharedWith(m, n, ctx.projectId())
                || externalTo(m, n, ctx.projectId());
    }

    /**
     * Whether an RBAC policy shares the object with {@code projectId}: {@code wildcard} (the
     * object's {@code shared} flag, which the wildcard access_as_shared policy sets) or a policy
     * naming the project. The one place visibility asks about sharing.
     */
    static boolean sharedWith(NetworkModel m, String objectType, String objectId, boolean wildcard,
                              String projectId) {
        return wildcard || (projectId != null
                && Sharing.of(m).grants(objectType, objectId, RbacPolicy.ACCESS_AS_SHARED, projectId));
    }

    static boolean networkSharedWith(NetworkModel m, Network n, String projectId) {
        return sharedWith(m, RbacPolicy.NETWORK, n.id(), n.shared(), projectId);
    }

    static boolean poolSharedWith(NetworkModel m, SubnetPool p, String projectId) {
        return sharedWith(m, RbacPolicy.SUBNET_POOL, p.id(), p.shared(), projectId);
    }

    static boolean scopeSharedWith(NetworkModel m, AddressScope a, String projectId) {
        return sharedWith(m, RbacPolicy.ADDRESS_SCOPE, a.id(), a.shared(), projectId);
    }

    static boolean groupSharedWith(NetworkModel m, SecurityGroup g, String projectId) {
        return sharedWith(m, RbacPolicy.SECURITY_GROUP, g.id(), false, projectId);
    }

    /**
     * Whether an external network is external to {@code projectId}: an access_as_external policy
     * names it or all. An external network with no such policy at all was stored before Muon
     * kept them and is external to all, as it was then.
     */
    static boolean externalTo(NetworkModel m, Network n, String projectId) {
        if (!n.external()) {
            return false;
        }
        Sharing sharing = Sharing.of(m);
        return !sharing.any(RbacPolicy.NETWORK, n.id(), RbacPolicy.ACCESS_AS_EXTERNAL)
                || sharing.grants(RbacPolicy.NETWORK, n.id(), RbacPolicy.ACCESS_AS_EXTERNAL, projectId);
    }

    /**
     * Neutron's check before a project puts a port or subnet on a network: unless shared with
     * that project, the network must be its own (an external network is visible, not usable);
     * otherwise it answers as if the network did not exist.
     */
    static void checkNetworkUsable(RequestContext ctx, NetworkModel m, Network n, String projectId) {
        if (!ctx.isAdmin() && !n.projectId().equals(projectId) && !networkSharedWith(m, n, projectId)) {
            throw NeutronException.notFound("HTTPNotFound", "The resource could not be found.");
        }
    }

    /** Whether a port of {@code projectId} may use the group: its own, or shared with the project. */
    static boolean groupUsable(RequestContext ctx, NetworkModel m, SecurityGroup g, String projectId) {
        return ctx.isAdmin() || g.projectId().equals(projectId) || groupSharedWith(m, g, projectId);
    }

    static boolean ownsNetwork(RequestContext ctx, NetworkModel m, String networkId) {
        return m.network(networkId).map(n -> ctx.owns(n.projectId())).orElse(false);
    }

    private static boolean ownsGroup(RequestContext ctx, NetworkModel m, String groupId) {
        return m.get(ResourceKind.SECURITY_GROUP, groupId).map(g -> ctx.owns(g.projectId())).orElse(false);
    }

    /** The caller as the project it acts for: an admin acting for {@code projectId} sees what that project sees. */
    static RequestContext asProject(String projectId) {
        return new RequestContext(projectId, null, java.util.Set.of(), null);
    }
}
