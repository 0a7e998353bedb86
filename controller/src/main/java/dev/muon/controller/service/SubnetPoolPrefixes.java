package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.SubnetPoolPrefixService;
import dev.muon.northbound.SubnetPoolRequest;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.model.SubnetPool;

import java.util.ArrayList;
import java.util.List;

/**
 * Neutron's subnetpool-prefix-ops, each one transaction. Adding is a pool update with the new
 * prefixes appended (so the update's checks apply, and the result is compacted); removing takes
 * the addresses out of the pool unless a subnet allocated from it uses one of them, and does
 * nothing when the pool has none of them.
 */
final class SubnetPoolPrefixes implements SubnetPoolPrefixService {
    private final ModelStore store;
    private final SubnetPoolOperations pools;

    SubnetPoolPrefixes(ModelStore store, SubnetPoolOperations pools) {
        this.store = store;
        this.pools = pools;
    }

    @Override
    public List<String> addPrefixes(RequestContext ctx, String poolId, List<String> prefixes) {
        return ModelWrites.write(store, m -> {
            SubnetPool p = Policies.SUBNET_POOLS.findChangeable(m, ctx, poolId, "add_prefixes");
            List<String> all = new ArrayList<>(p.prefixes());
            all.addAll(prefixes);
            Result<SubnetPool> r = pools.update(m, ctx, p, prefixesOnly(all));
            return Result.of(r.next(), r.value().prefixes());
        });
    }

    @Override
    public List<String> removePrefixes(RequestContext ctx, String poolId, List<String> prefixes) {
        return ModelWrites.write(store, m -> {
            SubnetPool p = Policies.SUBNET_POOLS.findChangeable(m, ctx, poolId, "remove_prefixes");
            List<Cidr> removed = new ArrayList<>();
            for (String text : prefixes) {
                Cidr c = SubnetPoolOperations.prefix(text);
                if (c.version() == p.ipVersion()) {   // another version's prefix cannot be in the pool
                    removed.add(c);
                }
            }
            PrefixSet current = PrefixSet.of(p.ipVersion(), SubnetPoolOperations.current(p));
            PrefixSet remaining = current.minus(removed);
            if (remaining.containsAll(current)) {
                return Result.unchanged(m, p.prefixes());
            }
            PrefixSet allocated = PrefixSet.of(p.ipVersion(), subnetsOf(m, p));
            if (!allocated.minus(removed).containsAll(allocated)) {
                throw new NeutronException(400, "IllegalSubnetPoolPrefixUpdate",
                        "Illegal update to prefixes: One or more the prefixes to be removed is in use by a subnet.");
            }
            List<String> texts = remaining.cidrs().stream().map(Cidr::toString).toList();
            Result<SubnetPool> r = pools.update(m, ctx, p, prefixesOnly(texts), true);
            return Result.of(r.next(), r.value().prefixes());
        });
    }

    private static SubnetPoolRequest prefixesOnly(List<String> prefixes) {
        return new SubnetPoolRequest(null, null, null, prefixes, null, null, null, null, null, null, null, null);
    }

    private static List<Cidr> subnetsOf(NetworkModel m, SubnetPool p) {
        return m.subnets().values().stream().filter(s -> p.id().equals(s.subnetpoolId()))
                .map(Subnet::cidr).map(Cidr::parse).toList();
    }
}
