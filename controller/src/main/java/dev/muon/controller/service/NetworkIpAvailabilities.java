package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.NetworkIpAvailability;
import dev.muon.northbound.NetworkIpAvailability.SubnetIpAvailability;
import dev.muon.northbound.NetworkIpAvailabilityService;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Network IP availability as Neutron's IpAvailabilityMixin computes it: a subnet's total is the
 * size of its allocation pools (its whole CIDR when it has none), its use the fixed IPs of ports
 * on it, whichever the port; a network sums its subnets. Neutron's default policy shows it to
 * admins only: others list nothing and are told a network does not exist.
 */
final class NetworkIpAvailabilities implements NetworkIpAvailabilityService {
    private final ModelStore store;

    NetworkIpAvailabilities(ModelStore store) {
        this.store = store;
    }

    @Override
    public List<NetworkIpAvailability> list(RequestContext ctx, List<Integer> ipVersions) {
        if (!ctx.isAdmin()) {
            return List.of();
        }
        NetworkModel m = store.snapshot();
        Map<String, List<Subnet>> subnetsByNetwork = new HashMap<>();
        for (Subnet s : m.subnets().values()) {
            if (ipVersions.isEmpty() || ipVersions.contains(s.ipVersion())) {
                subnetsByNetwork.computeIfAbsent(s.networkId(), k -> new ArrayList<>()).add(s);
            }
        }
        List<NetworkIpAvailability> out = new ArrayList<>();
        List<Network> networks = m.networks().values().stream()
                .sorted(Comparator.comparing(Network::createdAt).thenComparing(Network::id)).toList();
        for (Network n : networks) {
            List<Subnet> subnets = subnetsByNetwork.getOrDefault(n.id(), List.of());
            // Neutron filters ip_version on the subnets: a network without one of them is not listed
            if (ipVersions.isEmpty() || !subnets.isEmpty()) {
                out.add(availability(m, n, subnets));
            }
        }
        return out;
    }

    @Override
    public NetworkIpAvailability get(RequestContext ctx, String networkId) {
        NetworkModel m = store.snapshot();
        Network n = m.network(networkId).filter(found -> ctx.isAdmin())
                .orElseThrow(() -> ServiceErrors.networkNotFound(networkId));
        return availability(m, n, m.subnetsOf(n.id()));
    }

    private static NetworkIpAvailability availability(NetworkModel m, Network n, List<Subnet> subnets) {
        Map<String, Long> used = new HashMap<>();
        for (Port p : m.portsOf(n.id())) {
            for (FixedIp ip : p.fixedIps()) {
                used.merge(ip.subnetId(), 1L, Long::sum);
            }
        }
        List<SubnetIpAvailability> out = new ArrayList<>();
        subnets.stream().sorted(Comparator.comparing(Subnet::createdAt).thenComparing(Subnet::id)).forEach(s ->
                out.add(new SubnetIpAvailability(s.id(), s.name(), s.cidr(), s.ipVersion(), total(s),
                        used.getOrDefault(s.id(), 0L))));
        return new NetworkIpAvailability(n.id(), n.name(), n.projectId(), out);
    }

    private static BigInteger total(Subnet s) {
        if (s.allocationPools().isEmpty()) {
            Cidr cidr = Cidr.parse(s.cidr());
            return cidr.last().subtract(cidr.first()).add(BigInteger.ONE);
        }
        BigInteger total = BigInteger.ZERO;
        for (AllocationPool pool : s.allocationPools()) {
            AddressRange range = AddressRange.of(pool);
            total = total.add(range.last().subtract(range.first()).add(BigInteger.ONE));
        }
        return total;
    }
}
