package dev.muon.northbound;

import java.util.List;

/** Neutron's subnetpool-prefix-ops: a pool's prefixes grown or shrunk in place. */
public interface SubnetPoolPrefixService {

    /** The pool's prefixes with {@code prefixes} merged in (compacted). */
    List<String> addPrefixes(RequestContext ctx, String poolId, List<String> prefixes);

    /**
     * The pool's prefixes without {@code prefixes}.
     *
     * @throws NeutronException 400 IllegalSubnetPoolPrefixUpdate when a subnet of the pool is in one of them
     */
    List<String> removePrefixes(RequestContext ctx, String poolId, List<String> prefixes);
}
