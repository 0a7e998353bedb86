package dev.muon.pipeline.model;

import java.util.List;
import java.util.function.Function;

/**
 * A kind of Neutron resource the model holds: its collection name (as in the REST path),
 * its record type and how to read its id. Persistence and generic code iterate
 * {@link #ALL}; a new resource kind is one constant here plus its record.
 */
public record ResourceKind<T>(String collection, Class<T> type, Function<T, String> idOf) {
    public static final ResourceKind<Network> NETWORK = new ResourceKind<>("networks", Network.class, Network::id);
    public static final ResourceKind<AddressScope> ADDRESS_SCOPE =
            new ResourceKind<>("address-scopes", AddressScope.class, AddressScope::id);
    public static final ResourceKind<SubnetPool> SUBNET_POOL =
            new ResourceKind<>("subnetpools", SubnetPool.class, SubnetPool::id);
    public static final ResourceKind<Subnet> SUBNET = new ResourceKind<>("subnets", Subnet.class, Subnet::id);
    public static final ResourceKind<SecurityGroup> SECURITY_GROUP =
            new ResourceKind<>("security-groups", SecurityGroup.class, SecurityGroup::id);
    public static final ResourceKind<AddressGroup> ADDRESS_GROUP =
            new ResourceKind<>("address-groups", AddressGroup.class, AddressGroup::id);
    public static final ResourceKind<SecurityGroupRule> SECURITY_GROUP_RULE =
            new ResourceKind<>("security-group-rules", SecurityGroupRule.class, SecurityGroupRule::id);
    public static final ResourceKind<Port> PORT = new ResourceKind<>("ports", Port.class, Port::id);
    public static final ResourceKind<Router> ROUTER = new ResourceKind<>("routers", Router.class, Router::id);
    public static final ResourceKind<FloatingIp> FLOATING_IP =
            new ResourceKind<>("floatingips", FloatingIp.class, FloatingIp::id);
    public static final ResourceKind<Trunk> TRUNK = new ResourceKind<>("trunks", Trunk.class, Trunk::id);
    /** What operators set on nodes' agents, keyed by agent id (see {@link Agent}). */
    public static final ResourceKind<Agent> AGENT = new ResourceKind<>("agents", Agent.class, Agent::id);
    /** Keyed by project id: one topology per project. */
    public static final ResourceKind<AutoAllocatedTopology> AUTO_ALLOCATED_TOPOLOGY = new ResourceKind<>(
            "auto-allocated-topology", AutoAllocatedTopology.class, AutoAllocatedTopology::projectId);
    /** Keyed by project id: the quota limits set for a project. */
    public static final ResourceKind<ProjectQuota> QUOTA =
            new ResourceKind<>("quotas", ProjectQuota.class, ProjectQuota::projectId);
    /** Refers to a network, subnet pool, address scope or security group by object id. */
    public static final ResourceKind<RbacPolicy> RBAC_POLICY =
            new ResourceKind<>("rbac-policies", RbacPolicy.class, RbacPolicy::id);

    /**
     * Every kind, in dependency order: a resource refers only to kinds before it (a subnet to
     * its pool, a rule to its remote address group, a port to its security groups, a router to
     * its gateway port, a floating IP to its router). Port device_id is free text, not a reference.
     */
    public static final List<ResourceKind<?>> ALL = List.of(NETWORK, ADDRESS_SCOPE, SUBNET_POOL, SUBNET,
            SECURITY_GROUP, ADDRESS_GROUP, SECURITY_GROUP_RULE, PORT, ROUTER, FLOATING_IP, TRUNK,
            AUTO_ALLOCATED_TOPOLOGY, RBAC_POLICY, QUOTA, AGENT);

    public String id(Object resource) {
        return idOf.apply(type.cast(resource));
    }

    @Override
    public String toString() {
        return collection;
    }
}
