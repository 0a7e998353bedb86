package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.SubnetPoolRequest;
import dev.muon.pipeline.model.AddressScope;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.model.SubnetPool;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Subnet pools, with Neutron's rules: prefixes of one IP version, compacted; prefix lengths
 * default to 8 (IPv4) or 64 (IPv6) at least, the address width at most, the minimum by default;
 * one default pool per IP version; prefixes only grow (but see {@link SubnetPoolPrefixes}); a
 * pool with subnets cannot be deleted; in an address scope, pools' prefixes do not overlap;
 * shared=True is a wildcard RBAC policy.
 */
final class SubnetPoolOperations implements ResourceOperations<SubnetPool, SubnetPoolRequest> {
    private final ServiceConfig config;
    private final Clock clock;

    SubnetPoolOperations(ServiceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public Result<SubnetPool> create(NetworkModel model, RequestContext ctx, SubnetPoolRequest r) {
        if (r.prefixes() == null) {
            throw ServiceErrors.required("prefixes");
        }
        List<Cidr> prefixes = prefixes(r.prefixes());
        int version = prefixes.get(0).version();
        String scopeId = r.addressScopeId() == null || r.addressScopeId().isEmpty() ? null : r.addressScopeId();
        String id = UUID.randomUUID().toString();
        checkAddressScope(model, ctx, scopeId, id, prefixes, version);
        int min = r.minPrefixlen() == null ? (version == 4 ? 8 : 64) : r.minPrefixlen();
        int max = r.maxPrefixlen() == null ? IpAddresses.bits(version) : r.maxPrefixlen();
        int defaultLength = r.defaultPrefixlen() == null ? min : r.defaultPrefixlen();
        checkBounds(version, min, max, defaultLength);
        boolean isDefault = r.isDefault() != null && r.isDefault();
        if (isDefault) {
            refuseSecondDefault(model, version, null);
        }
        Instant now = clock.instant();
        boolean shared = r.shared() != null && r.shared();
        SubnetPool pool = new SubnetPool(id, NetworkOperations.orEmpty(r.name()),
                NetworkOperations.orEmpty(r.description()),
                Policies.owner(ctx, r.projectId(), "subnetpool", config), version, texts(prefixes),
                defaultLength, min, max, isDefault, shared, quota(r.defaultQuota()),
                r.tags(), now, now, 1, scopeId);
        NetworkModel next = model.with(ResourceKind.SUBNET_POOL, pool);
        if (shared) {
            next = next.with(ResourceKind.RBAC_POLICY, SharedObjects.wildcard(RbacPolicy.SUBNET_POOL, id,
                    pool.projectId(), RbacPolicy.ACCESS_AS_SHARED, now));
        }
        return Result.of(next, pool);
    }

    @Override
    public Result<SubnetPool> update(NetworkModel model, RequestContext ctx, SubnetPool p, SubnetPoolRequest r) {
        return update(model, ctx, p, r, false);
    }

    /**
     * @param shrink whether the prefixes may lose addresses (remove_prefixes, which checks the pool's
     *               subnets itself); a plain update may only grow them
     */
    Result<SubnetPool> update(NetworkModel model, RequestContext ctx, SubnetPool p, SubnetPoolRequest r,
                              boolean shrink) {
        if (p.addressScopeId() != null) {
            checkScopeOwned(model, ctx, p);
        }
        String scopeId = r.addressScopeId() == null ? p.addressScopeId()
                : r.addressScopeId().isEmpty() ? null : r.addressScopeId();
        List<String> prefixes = p.prefixes();
        if (r.prefixes() != null) {
            List<Cidr> requested = prefixes(r.prefixes());
            if (requested.get(0).version() != p.ipVersion()) {
                throw new NeutronException(400, "PrefixVersionMismatch",
                        "Cannot mix IPv4 and IPv6 prefixes in a subnet pool.");
            }
            PrefixSet now = PrefixSet.of(p.ipVersion(), current(p));
            PrefixSet wanted = PrefixSet.of(p.ipVersion(), requested);
            if (!shrink && !wanted.containsAll(now)) {
                throw new NeutronException(400, "IllegalSubnetPoolPrefixUpdate",
                        "Illegal update to prefixes: Existing prefixes must be a subset of the new prefixes.");
            }
            prefixes = texts(wanted.cidrs());
        }
        checkAddressScope(model, ctx, scopeId, p.id(), prefixes.stream().map(Cidr::parse).toList(), p.ipVersion());
        int min = r.minPrefixlen() == null ? p.minPrefixlen() : r.minPrefixlen();
        int max = r.maxPrefixlen() == null ? p.maxPrefixlen() : r.maxPrefixlen();
        int defaultLength = r.defaultPrefixlen() == null ? p.defaultPrefixlen() : r.defaultPrefixlen();
        checkBounds(p.ipVersion(), min, max, defaultLength);
        boolean isDefault = r.isDefault() == null ? p.isDefault() : r.isDefault();
        if (isDefault && !p.isDefault()) {
            refuseSecondDefault(model, p.ipVersion(), p.id());
        }
        SubnetPool updated = new SubnetPool(p.id(), r.name() == null ? p.name() : r.name(),
                r.description() == null ? p.description() : r.description(), p.projectId(), p.ipVersion(), prefixes,
                defaultLength, min, max, isDefault, p.shared(),
                r.defaultQuota() == null ? p.defaultQuota() : quota(r.defaultQuota()), p.tags(), p.createdAt(),
                p.updatedAt(), p.revisionNumber(), scopeId);
        if (updated.equals(p)) {
            return Result.unchanged(model, p);
        }
        updated = updated.revised(clock.instant());
        return Result.of(model.with(ResourceKind.SUBNET_POOL, updated), updated);
    }

    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, SubnetPool p) {
        boolean used = model.subnets().values().stream().anyMatch(s -> p.id().equals(s.subnetpoolId()));
        if (used) {
            throw ServiceErrors.subnetPoolInUse();
        }
        NetworkModel next = SharedObjects.withoutPoliciesOn(model, RbacPolicy.SUBNET_POOL, p.id());
        return Result.of(next.without(ResourceKind.SUBNET_POOL, p.id()), null);
    }

    /** The default pool of {@code version} a project may use (its own or a shared one). */
    static Optional<SubnetPool> defaultPool(NetworkModel model, RequestContext ctx, int version) {
        return model.all(ResourceKind.SUBNET_POOL).values().stream()
                .filter(p -> p.isDefault() && p.ipVersion() == version)
                .filter(p -> Policies.SUBNET_POOLS.visible().allows(ctx, model, p))
                .findFirst();
    }

    static List<Cidr> current(SubnetPool p) {
        return p.prefixes().stream().map(Cidr::parse).toList();
    }

    /** The free space of the pool: its prefixes minus its subnets. */
    static PrefixSet free(NetworkModel model, SubnetPool p) {
        List<Cidr> taken = model.subnets().values().stream()
                .filter(s -> p.id().equals(s.subnetpoolId()))
                .map(Subnet::cidr).map(Cidr::parse).toList();
        return PrefixSet.of(p.ipVersion(), current(p)).minus(taken);
    }

    private static List<Cidr> prefixes(List<String> texts) {
        if (texts.isEmpty()) {
            throw new NeutronException(400, "EmptySubnetPoolPrefixList", "Empty subnet pool prefix list.");
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (String t : texts) {
            Cidr c = prefix(t);
            if (!cidrs.isEmpty() && cidrs.get(0).version() != c.version()) {
                throw new NeutronException(400, "PrefixVersionMismatch",
                        "Cannot mix IPv4 and IPv6 prefixes in a subnet pool.");
            }
            cidrs.add(c);
        }
        return PrefixSet.of(cidrs.get(0).version(), cidrs).cidrs();
    }

    /** One prefix as a client wrote it (host bits allowed, as Neutron's netaddr reads it). */
    static Cidr prefix(String text) {
        try {
            return Cidr.parseLoose(text);
        } catch (IllegalArgumentException e) {
            throw ServiceErrors.invalidAttribute("prefixes", "'" + text + "' is not a valid IP subnet");
        }
    }

    private static List<String> texts(List<Cidr> cidrs) {
        return cidrs.stream().map(Cidr::toString).toList();
    }

    private static void checkBounds(int version, int min, int max, int defaultLength) {
        if (min < 0) {
            throw new NeutronException(400, "UnsupportedMinSubnetPoolPrefix",
                    "Prefix '" + min + "' not supported in IPv4 pool.");
        }
        if (min > max) {
            throw ServiceErrors.illegalPrefixBounds("min_prefixlen", min, "max_prefixlen", max);
        }
        if (max > IpAddresses.bits(version)) {
            throw ServiceErrors.illegalPrefixBounds("max_prefixlen", max, "ip_version_max", IpAddresses.bits(version));
        }
        if (defaultLength < min) {
            throw ServiceErrors.illegalPrefixBounds("default_prefixlen", defaultLength, "min_prefixlen", min);
        }
        if (defaultLength > max) {
            throw ServiceErrors.illegalPrefixBounds("default_prefixlen", defaultLength, "max_prefixlen", max);
        }
    }

    private static void refuseSecondDefault(NetworkModel model, int version, String exceptId) {
        boolean exists = model.all(ResourceKind.SUBNET_POOL).values().stream()
                .anyMatch(p -> p.isDefault() && p.ipVersion() == version && !p.id().equals(exceptId));
        if (exists) {
            throw ServiceErrors.invalidInput("A default subnetpool for this IP family has already been set. "
                    + "Only one default may exist per IP family");
        }
    }

    private static Integer quota(Integer quota) {
        if (quota != null && quota < 0) {
            throw ServiceErrors.invalidAttribute("default_quota", "'" + quota + "' should be non-negative");
        }
        return quota;
    }

    /**
     * Neutron's _validate_address_scope_id: the scope is one the caller may use (else not found),
     * of the pool's IP version, and no other pool in it has a prefix overlapping the pool's.
     */
    private static void checkAddressScope(NetworkModel model, RequestContext ctx, String scopeId, String poolId,
                                          List<Cidr> prefixes, int version) {
        if (scopeId == null) {
            return;
        }
        AddressScope scope = Policies.ADDRESS_SCOPES.find(model, ctx, scopeId);
        if (scope.ipVersion() != version) {
            throw SharingErrors.illegalIpVersionAssociation(poolId, scopeId, scope.ipVersion());
        }
        PrefixSet mine = PrefixSet.of(version, prefixes);
        for (SubnetPool other : model.all(ResourceKind.SUBNET_POOL).values()) {
            if (scopeId.equals(other.addressScopeId()) && !other.id().equals(poolId)
                    && mine.overlaps(PrefixSet.of(version, current(other)))) {
                throw SharingErrors.addressScopePrefixConflict();
            }
        }
    }

    /** Neutron's _check_subnetpool_update_allowed: a pool in a scope shared to the caller is the scope owner's to change. */
    private static void checkScopeOwned(NetworkModel model, RequestContext ctx, SubnetPool p) {
        AddressScope scope = Policies.ADDRESS_SCOPES.find(model, ctx, p.addressScopeId());
        if (!ctx.owns(scope.projectId())) {
            throw SharingErrors.illegalPoolUpdate(p.id(), scope.id());
        }
    }
}
