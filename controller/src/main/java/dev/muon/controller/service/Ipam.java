package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A port's fixed IPs: turns what a client asked for into addresses, within one transaction.
 * Neutron's rules: with no fixed_ips a port gets one address per IP version from the first
 * subnet of that version with room; a requested entry names a subnet (any free address of it),
 * an address (its subnet is found on the network), or both. Only subnets that serve the port's
 * device owner count ({@link SubnetServiceTypes}). On IPv6 subnets with automatic addresses
 * (SLAAC, DHCPv6-stateless) a port other than a router's gets exactly the EUI-64 address of its
 * MAC, on each such subnet of the network, whether it asked or not; it may name that address but
 * no other ({@link Eui64}). The dataplane treats it as any fixed address.
 */
final class Ipam {
    /** Neutron's max_fixed_ips_per_port default. */
    static final int MAX_FIXED_IPS_PER_PORT = 5;
    /** Neutron's ROUTER_INTERFACE_OWNERS: ports that may hold any address of an automatic-address subnet. */
    private static final Set<String> ROUTER_OWNERS = Set.of(DeviceOwner.ROUTER_INTERFACE,
            DeviceOwner.ROUTER_INTERFACE_DISTRIBUTED, "network:ha_router_replicated_interface");
    /** ROUTER_INTERFACE_OWNERS_SNAT: those, and the SNAT port, get pool addresses there rather than EUI-64. */
    private static final Set<String> ROUTER_OWNERS_SNAT = Set.of(DeviceOwner.ROUTER_INTERFACE,
            DeviceOwner.ROUTER_INTERFACE_DISTRIBUTED, "network:ha_router_replicated_interface",
            "network:router_centralized_snat");

    private final NetworkModel model;
    private final String networkId;
    private final Function<Subnet, SubnetAllocator> allocators;
    private List<Subnet> subnets;
    /** The port's device owner, or null: any subnet (a floating IP's address is picked before its port). */
    private String deviceOwner;
    private String mac;

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

    /** Addresses for a port with this device owner and MAC: the subnets that serve it, its EUI-64 addresses. */
    Ipam forPort(String deviceOwner, String mac) {
        this.deviceOwner = deviceOwner == null ? "" : deviceOwner;
        this.mac = mac;
        return this;
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
        for (Subnet s : candidates()) {
            if (!autoAddress(s)) {
                byVersion.computeIfAbsent(s.ipVersion(), v -> new ArrayList<>()).add(s);
            }
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
        result.addAll(eui64Addresses(Set.of()));
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
        Set<String> handled = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            Subnet subnet = subnetOfNetwork(requests.get(i).subnetId() != null ? requests.get(i).subnetId()
                    : result[i].subnetId());
            handled.add(subnet.id());
            if (result[i] == null && eui64Only(subnet)) {
                result[i] = eui64(subnet);
            } else if (result[i] == null) {
                String address = allocator(subnet).allocate()
                        .orElseThrow(() -> ServiceErrors.noMoreAddressesInSubnet(subnet.id()));
                result[i] = new FixedIp(subnet.id(), address);
            }
        }
        // An update drops what the port had on a subnet it no longer names; it is not given back.
        current.forEach(c -> handled.add(c.subnetId()));
        List<FixedIp> out = new ArrayList<>(List.of(result));
        out.addAll(eui64Addresses(handled));
        return List.copyOf(out);
    }

    /**
     * The port's EUI-64 address on each automatic-address subnet that serves it, except those of
     * {@code handled}; none for router ports, which take pool addresses there.
     */
    private List<FixedIp> eui64Addresses(Set<String> handled) {
        if (mac == null || ROUTER_OWNERS_SNAT.contains(deviceOwner)) {
            return List.of();
        }
        List<FixedIp> out = new ArrayList<>();
        for (Subnet s : candidates()) {
            if (autoAddress(s) && !handled.contains(s.id())) {
                out.add(eui64(s));
            }
        }
        return out;
    }

    private FixedIp eui64(Subnet subnet) {
        String address = Eui64.address(subnet.cidr(), mac);
        BigInteger number = IpAddresses.toNumber(IpAddresses.parse(address));
        SubnetAllocator allocator = allocator(subnet);
        if (allocator.isUsed(number)) {
            throw ServiceErrors.ipAddressAlreadyAllocated(address, subnet.id());
        }
        allocator.take(number);
        return new FixedIp(subnet.id(), address);
    }

    /** Whether a subnet-only entry naming {@code subnet} gets the port's EUI-64 address rather than a pool's. */
    private boolean eui64Only(Subnet subnet) {
        return mac != null && autoAddress(subnet) && !ROUTER_OWNERS_SNAT.contains(deviceOwner);
    }

    private static boolean autoAddress(Subnet s) {
        return s.ipVersion() == 6 && Ipv6Modes.autoAddress(s);
    }

    /**
     * The port's addresses after its MAC becomes {@code mac}: each EUI-64 address of the old MAC on
     * an automatic-address subnet follows the new one, as Neutron re-allocates them.
     */
    static List<FixedIp> withNewMac(NetworkModel model, Port port, String mac) {
        if (mac.equals(port.macAddress())) {
            return port.fixedIps();
        }
        List<FixedIp> out = new ArrayList<>();
        for (FixedIp ip : port.fixedIps()) {
            Subnet s = model.subnet(ip.subnetId()).orElse(null);
            boolean follows = s != null && autoAddress(s)
                    && ip.ipAddress().equals(Eui64.address(s.cidr(), port.macAddress()));
            out.add(follows ? new FixedIp(s.id(), Eui64.address(s.cidr(), mac)) : ip);
        }
        return out;
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
            subnet = candidates().stream()
                    .filter(s -> Cidr.parse(s.cidr()).contains(address))
                    .findFirst()
                    .orElseThrow(() -> ServiceErrors.invalidIpForNetwork(text));
        }
        SubnetAllocator allocator = allocator(subnet);
        if (!allocator.cidr().isHostAddress(number)) {
            throw ServiceErrors.invalidIpForSubnet(text);
        }
        if (mac != null && autoAddress(subnet) && !ROUTER_OWNERS.contains(deviceOwner)
                && !Eui64.address(subnet.cidr(), mac).equals(text)) {
            throw new NeutronException(400, "AllocationOnAutoAddressSubnet", "IPv6 address " + text
                    + " cannot be directly assigned to a port on subnet " + subnet.id()
                    + " as the subnet is configured for automatic addresses");
        }
        if (allocator.isUsed(number)) {
            throw ServiceErrors.ipAddressAlreadyAllocated(text, subnet.id());
        }
        allocator.take(number);
        return new FixedIp(subnet.id(), text);
    }

    private Subnet subnetOfNetwork(String subnetId) {
        Subnet subnet = model.subnet(subnetId).orElseThrow(() -> ServiceErrors.subnetNotFound(subnetId));
        if (!subnet.networkId().equals(networkId) || !serves(subnet)) {
            throw ServiceErrors.invalidInput("Failed to create port on network " + networkId
                    + ", because fixed_ips included invalid subnet " + subnetId);
        }
        return subnet;
    }

    /**
     * The subnets that serve the port, those with service types first (all of them when the device
     * owner is not known); Neutron's IpAddressGenerationFailureNoMatchingSubnet when the network has
     * subnets but none serves it.
     */
    private List<Subnet> candidates() {
        if (deviceOwner == null) {
            return subnets();
        }
        List<Subnet> serving = SubnetServiceTypes.serving(subnets(), deviceOwner);
        if (serving.isEmpty() && !subnets().isEmpty()) {
            throw new NeutronException(400, "IpAddressGenerationFailureNoMatchingSubnet",
                    "No valid service subnet for the given device owner, network " + networkId
                            + ", service type " + deviceOwner + ".");
        }
        return serving;
    }

    private boolean serves(Subnet subnet) {
        return deviceOwner == null || SubnetServiceTypes.serves(subnet, deviceOwner);
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
