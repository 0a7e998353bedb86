package dev.muon.controller.service;

import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Subnet;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A port's fixed IPs: turns what a client asked for into addresses, within one transaction.
 * Neutron's rules: with no fixed_ips a port gets one address per IP version from the first
 * subnet of that version with room; a requested entry names a subnet (any free address of it),
 * an address (its subnet is found on the network), or both.
 */
final class Ipam {
    /** Neutron's max_fixed_ips_per_port default. */
    static final int MAX_FIXED_IPS_PER_PORT = 5;

    private final NetworkModel model;
    private final String networkId;
    private final Function<Subnet, SubnetAllocator> allocators;
    private List<Subnet> subnets;

    /** @param portId the port being updated (its own addresses are not conflicts), or null on create */
    Ipam(NetworkModel model, String networkId, String portId) {
        Map<String, SubnetAllocator> own = new HashMap<>();
        this.model = model;
        this.networkId = networkId;
        this.allocators = s -> own.computeIfAbsent(s.id(), id -> new SubnetAllocator(model, s, portId));
    }

    private Ipam(NetworkModel model, String networkId, PortAllocations taken) {
        this.model = model;
        this.networkId = networkId;
        this.allocators = taken::allocator;
        this.subnets = taken.subnetsInOrder(networkId);
    }

    /** For a create: the subnets' allocators are the transaction's, shared by all its creates. */
    static Ipam forCreate(NetworkModel model, String networkId, PortAllocations taken) {
        return new Ipam(model, networkId, taken);
    }

    /** Subnets of the network in creation order: "first subnet" means the oldest. */
    static List<Subnet> subnetsInOrder(NetworkModel model, String networkId) {
        return model.subnets().values().stream()
                .filter(s -> s.networkId().equals(networkId))
                .sorted(Comparator.comparing(Subnet::createdAt).thenComparing(Subnet::id))
                .toList();
    }

    /** Addresses for a port created without fixed_ips. */
    List<FixedIp> automatic() {
        List<FixedIp> result = new ArrayList<>();
        Map<Integer, List<Subnet>> byVersion = new TreeMap<>();
        for (Subnet s : subnets()) {
            byVersion.computeIfAbsent(s.ipVersion(), v -> new ArrayList<>()).add(s);
        }
        for (List<Subnet> subnets : byVersion.values()) {
            FixedIp ip = null;
            for (Subnet s : subnets) {
                Optional<String> address = allocator(s).allocate();
                if (address.isPresent()) {
                    ip = new FixedIp(s.id(), address.get());
                    break;
                }
            }
            if (ip == null) {
                throw ServiceErrors.noMoreAddressesOnNetwork(networkId);
            }
            result.add(ip);
        }
        return result;
    }

    /**
     * Addresses for requested fixed_ips, in request order. {@code current} are the port's addresses
     * before an update: an entry naming only a subnet keeps the port's address there, if it has one.
     */
    List<FixedIp> requested(List<FixedIp> requests, List<FixedIp> current) {
        if (requests.size() > MAX_FIXED_IPS_PER_PORT) {
            throw ServiceErrors.invalidInput("Exceeded maximum amount of fixed ips per port");
        }
        FixedIp[] result = new FixedIp[requests.size()];
        // Explicit addresses first, so that a subnet-only entry cannot take an address asked for by another.
        for (int i = 0; i < requests.size(); i++) {
            FixedIp r = requests.get(i);
            if (r.ipAddress() != null) {
                result[i] = explicit(r);
            } else if (r.subnetId() == null) {
                throw ServiceErrors.invalidAttribute("fixed_ips", "each entry needs a subnet_id or an ip_address");
            }
        }
        List<FixedIp> keepable = new ArrayList<>(current);
        for (FixedIp chosen : result) {
            if (chosen != null) {
                keepable.removeIf(c -> c.ipAddress().equals(chosen.ipAddress()));
            }
        }
        // Then subnet-only entries that keep one of the port's addresses, before any new allocation can take it.
        for (int i = 0; i < requests.size(); i++) {
            if (result[i] != null) {
                continue;
            }
            Subnet subnet = subnetOfNetwork(requests.get(i).subnetId());
            Optional<FixedIp> kept = keepable.stream().filter(c -> c.subnetId().equals(subnet.id())).findFirst();
            if (kept.isPresent()) {
                keepable.remove(kept.get());
                allocator(subnet).take(IpAddresses.toNumber(IpAddresses.parse(kept.get().ipAddress())));
                result[i] = kept.get();
            }
        }
        for (int i = 0; i < requests.size(); i++) {
            if (result[i] == null) {
                Subnet subnet = subnetOfNetwork(requests.get(i).subnetId());
                String address = allocator(subnet).allocate()
                        .orElseThrow(() -> ServiceErrors.noMoreAddressesInSubnet(subnet.id()));
                result[i] = new FixedIp(subnet.id(), address);
            }
        }
        return List.of(result);
    }

    /** The lowest free address of {@code subnet}, taken for the rest of this transaction; empty when full. */
    Optional<String> next(Subnet subnet) {
        return allocator(subnet).allocate();
    }

    private FixedIp explicit(FixedIp request) {
        InetAddress address = IpAddresses.parse(request.ipAddress(), "fixed_ips");
        String text = IpAddresses.format(address);
        BigInteger number = IpAddresses.toNumber(address);
        Subnet subnet;
        if (request.subnetId() != null) {
            subnet = subnetOfNetwork(request.subnetId());
            if (!Cidr.parse(subnet.cidr()).contains(address)) {
                throw ServiceErrors.invalidIpForSubnet(text);
            }
        } else {
            subnet = subnets().stream()
                    .filter(s -> Cidr.parse(s.cidr()).contains(address))
                    .findFirst()
                    .orElseThrow(() -> ServiceErrors.invalidIpForNetwork(text));
        }
        SubnetAllocator allocator = allocator(subnet);
        if (!allocator.cidr().isHostAddress(number)) {
            throw ServiceErrors.invalidIpForSubnet(text);
        }
        if (allocator.isUsed(number)) {
            throw ServiceErrors.ipAddressAlreadyAllocated(text, subnet.id());
        }
        allocator.take(number);
        return new FixedIp(subnet.id(), text);
    }

    private Subnet subnetOfNetwork(String subnetId) {
        Subnet subnet = model.subnet(subnetId).orElseThrow(() -> ServiceErrors.subnetNotFound(subnetId));
        if (!subnet.networkId().equals(networkId)) {
            throw ServiceErrors.invalidInput("Failed to create port on network " + networkId
                    + ", because fixed_ips included invalid subnet " + subnetId);
        }
        return subnet;
    }

    private List<Subnet> subnets() {
        if (subnets == null) {
            subnets = subnetsInOrder(model, networkId);
        }
        return subnets;
    }

    private SubnetAllocator allocator(Subnet subnet) {
        return allocators.apply(subnet);
    }
}
