package dev.muon.northbound;

import dev.muon.pipeline.model.AddressScope;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.SecurityGroupRule;
import dev.muon.pipeline.model.SubnetPool;

import java.util.List;

/**
 * The Neutron API as the northbound sees it: one service per collection plus the actions
 * Neutron defines on them. Implementations own every rule (defaults, validation, IPAM,
 * allocation, who may see and change what) and report refusals as {@link NeutronException};
 * each write is atomic: a refused request changes nothing.
 */
public interface NetworkService {

    /**
     * Brings the model up to every write acknowledged so far, by any controller sharing the
     * database (called before each API request); nothing to do for a controller alone.
     */
    default void catchUp() {
    }

    /** Who a request carrying no identity headers is (no-auth mode): an admin of the default project. */
    RequestContext noAuthContext();

    ResourceService<NetworkView, NetworkRequest> networks();

    ResourceService<SubnetView, SubnetRequest> subnets();

    ResourceService<SubnetPool, SubnetPoolRequest> subnetPools();

    ResourceService<PortView, PortRequest> ports();

    RouterService routers();

    ResourceService<FloatingIpView, FloatingIpRequest> floatingIps();

    ResourceService<SecurityGroupView, SecurityGroupRequest> securityGroups();

    ResourceService<SecurityGroupRule, SecurityGroupRuleRequest> securityGroupRules();

    TrunkService trunks();

    AddressGroupService addressGroups();

    TagService tags();

    AutoAllocationService autoAllocation();

    QuotaService quotas();

    NetworkIpAvailabilityService networkIpAvailability();

    /** Address scopes (address-scope extension); null when not offered. */
    default ResourceService<AddressScope, AddressScopeRequest> addressScopes() {
        return null;
    }

    /** RBAC policies (rbac-policies extension); null when not offered. */
    default ResourceService<RbacPolicy, RbacPolicyRequest> rbacPolicies() {
        return null;
    }

    /** subnetpool-prefix-ops: PUT add_prefixes / remove_prefixes on a subnet pool. */
    SubnetPoolPrefixService subnetPoolPrefixes();

    /** floatingip-pools: the IPv4 subnets of external networks, whoever owns them. */
    List<FloatingIpPool> floatingIpPools(RequestContext ctx);
}
