package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Router;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.model.SubnetPool;
import dev.muon.pipeline.model.Trunk;

/**
 * Neutron's default policy for each kind: admins see and change everything; a project sees its
 * own resources plus shared and external networks (and their subnets) and shared subnet pools,
 * and the ports on networks it owns; it changes what it owns, subnets and ports of its networks.
 */
final class Policies {
    static final ResourceRules<Network> NETWORKS = new ResourceRules<>(ResourceKind.NETWORK, "network",
            ServiceErrors::networkNotFound,
            (ctx, m, n) -> visible(ctx, n),
            (ctx, m, n) -> ctx.owns(n.projectId()),
            Network::createdAt, Network::revisionNumber);

    static final ResourceRules<Subnet> SUBNETS = new ResourceRules<>(ResourceKind.SUBNET, "subnet",
            ServiceErrors::subnetNotFound,
            // Neutron's get_subnet: the subnet's or its network's owner, or a shared network; an
            // external network is visible to all, its subnets are not
            (ctx, m, s) -> ctx.owns(s.projectId())
                    || m.network(s.networkId()).map(n -> ctx.owns(n.projectId()) || n.shared()).orElse(false),
            (ctx, m, s) -> ownsNetwork(ctx, m, s.networkId()),
            Subnet::createdAt, Subnet::revisionNumber);

    static final ResourceRules<SubnetPool> SUBNET_POOLS = new ResourceRules<>(ResourceKind.SUBNET_POOL, "subnetpool",
            ServiceErrors::subnetPoolNotFound,
            (ctx, m, p) -> ctx.owns(p.projectId()) || p.shared(),
            (ctx, m, p) -> ctx.owns(p.projectId()),
            SubnetPool::createdAt, SubnetPool::revisionNumber);

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
            (ctx, m, g) -> ctx.owns(g.projectId()),
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

    /** A network is visible to its project, and to everyone when shared or external. */
    static boolean visible(RequestContext ctx, Network n) {
        return ctx.owns(n.projectId()) || n.shared() || n.external();
    }

    /**
     * Neutron's check before a project puts a port or subnet on a network: unless shared, the
     * network must be the project's own (an external network is visible, not usable); otherwise
     * it answers as if the network did not exist.
     */
    static void checkNetworkUsable(RequestContext ctx, Network n, String projectId) {
        if (!ctx.isAdmin() && !n.shared() && !n.projectId().equals(projectId)) {
            throw NeutronException.notFound("HTTPNotFound", "The resource could not be found.");
        }
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
