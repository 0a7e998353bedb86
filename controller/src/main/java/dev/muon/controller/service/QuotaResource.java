package dev.muon.controller.service;

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

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A resource Neutron's quota engine registers (ML2, L3, security groups, RBAC): its quota name
 * and the model kind it counts, a project's use being how many of that kind the project owns.
 * Service ports (router gateways, floating IPs) belong to no project and count for none.
 *
 * @param kind null for a resource Muon does not hold yet: it has a limit, and a use of 0
 */
record QuotaResource<T>(String name, ResourceKind<T> kind, Function<T, String> projectOf) {
    static final QuotaResource<Network> NETWORK =
            new QuotaResource<>("network", ResourceKind.NETWORK, Network::projectId);
    static final QuotaResource<Subnet> SUBNET = new QuotaResource<>("subnet", ResourceKind.SUBNET, Subnet::projectId);
    static final QuotaResource<SubnetPool> SUBNETPOOL =
            new QuotaResource<>("subnetpool", ResourceKind.SUBNET_POOL, SubnetPool::projectId);
    static final QuotaResource<Port> PORT = new QuotaResource<>("port", ResourceKind.PORT, Port::projectId);
    static final QuotaResource<Router> ROUTER = new QuotaResource<>("router", ResourceKind.ROUTER, Router::projectId);
    static final QuotaResource<FloatingIp> FLOATINGIP =
            new QuotaResource<>("floatingip", ResourceKind.FLOATING_IP, FloatingIp::projectId);
    static final QuotaResource<SecurityGroup> SECURITY_GROUP =
            new QuotaResource<>("security_group", ResourceKind.SECURITY_GROUP, SecurityGroup::projectId);
    static final QuotaResource<SecurityGroupRule> SECURITY_GROUP_RULE = new QuotaResource<>(
            "security_group_rule", ResourceKind.SECURITY_GROUP_RULE, SecurityGroupRule::projectId);
    static final QuotaResource<RbacPolicy> RBAC_POLICY =
            new QuotaResource<>("rbac_policy", ResourceKind.RBAC_POLICY, RbacPolicy::projectId);

    static final List<QuotaResource<?>> ALL = List.of(NETWORK, SUBNET, SUBNETPOOL, PORT, ROUTER, FLOATINGIP,
            SECURITY_GROUP, SECURITY_GROUP_RULE, RBAC_POLICY);

    static boolean known(String name) {
        return ALL.stream().anyMatch(r -> r.name.equals(name));
    }

    /** How many the project owns in {@code model}. */
    int used(NetworkModel model, String projectId) {
        if (kind == null) {
            return 0;
        }
        int n = 0;
        for (T resource : model.all(kind).values()) {
            if (projectId.equals(projectOf.apply(resource))) {
                n++;
            }
        }
        return n;
    }

    /** The projects that own one more in {@code after} than in {@code before} (compared shard by shard). */
    Set<String> projectsAddingTo(NetworkModel before, NetworkModel after) {
        Set<String> projects = new HashSet<>();
        if (kind != null) {
            after.forEachChangeSince(before, kind, (was, now) -> {
                if (was == null && now != null) {
                    projects.add(projectOf.apply(now));
                }
            });
        }
        return projects;
    }

    /** How many of the kind all projects hold: no project can own more. */
    int total(NetworkModel model) {
        return kind == null ? 0 : model.all(kind).size();
    }
}
