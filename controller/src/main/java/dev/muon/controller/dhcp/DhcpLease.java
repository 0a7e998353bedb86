package dev.muon.controller.dhcp;

import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.Ip4Prefix;

/**
 * What DHCP gives one port, all read from the model: its fixed IPv4 address on a subnet
 * with {@code enable_dhcp} (the first such, in fixed_ips order), that subnet's settings
 * and the address the server answers from.
 *
 * @param serverAddress the server identifier (option 54) and the replies' source IP: the
 *                      subnet's gateway_ip, or without one the first address of its
 *                      allocation pools that no port holds (where Neutron would put its
 *                      DHCP port)
 */
public record DhcpLease(Port port, Network network, Subnet subnet, Ip4Address address, Ip4Prefix prefix,
                        Ip4Address serverAddress) {

    /** The port's lease, or empty when it has no address DHCP serves. */
    public static Optional<DhcpLease> of(NetworkModel model, Port port) {
        Optional<Network> network = model.network(port.networkId());
        if (network.isEmpty()) {
            return Optional.empty();
        }
        for (FixedIp ip : port.fixedIps()) {
            Optional<Subnet> subnet = model.subnet(ip.subnetId()).filter(s -> s.ipVersion() == 4 && s.enableDhcp());
            if (subnet.isPresent()) {
                Optional<Ip4Address> server = serverAddress(model, subnet.get());
                if (server.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(new DhcpLease(port, network.get(), subnet.get(), Ip4Address.valueOf(ip.ipAddress()),
                        Ip4Prefix.valueOf(subnet.get().cidr()), server.get()));
            }
        }
        return Optional.empty();
    }

    /** gateway_ip, else the lowest pool address not held by any port; empty if the pools are full. */
    static Optional<Ip4Address> serverAddress(NetworkModel model, Subnet subnet) {
        if (subnet.gatewayIp() != null && !subnet.gatewayIp().isEmpty()) {
            return Optional.of(Ip4Address.valueOf(subnet.gatewayIp()));
        }
        Set<Integer> used = new HashSet<>();
        for (Port p : model.portsOf(subnet.networkId())) {
            p.fixedIps().stream().filter(ip -> ip.subnetId().equals(subnet.id()))
                    .forEach(ip -> used.add(Ip4Address.valueOf(ip.ipAddress()).toInt()));
        }
        return subnet.allocationPools().stream()
                .sorted(Comparator.comparingLong(p -> unsigned(Ip4Address.valueOf(p.start()))))
                .flatMap(pool -> firstFree(pool, used).stream())
                .findFirst();
    }

    private static Optional<Ip4Address> firstFree(AllocationPool pool, Set<Integer> used) {
        long end = unsigned(Ip4Address.valueOf(pool.end()));
        for (long a = unsigned(Ip4Address.valueOf(pool.start())); a <= end; a++) {
            if (!used.contains((int) a)) {
                return Optional.of(Ip4Address.valueOf((int) a));
            }
        }
        return Optional.empty();
    }

    private static long unsigned(Ip4Address a) {
        return a.toInt() & 0xffff_ffffL;
    }

    /** The subnet's gateway (option 3 and the default route of option 121), or null. */
    public Ip4Address gateway() {
        String gw = subnet.gatewayIp();
        return gw == null || gw.isEmpty() ? null : Ip4Address.valueOf(gw);
    }

    public Ip4Address mask() {
        return Ip4Address.makeMaskPrefix(prefix.prefixLength());
    }

    public Ip4Address broadcast() {
        return Ip4Address.valueOf(prefix.address().toInt() | ~mask().toInt());
    }

    /**
     * Option 12: the first label of the port's dns_name, or without one as Neutron names hosts,
     * {@code host-10-0-0-5}.
     */
    public String hostname() {
        String name = port.dnsName();
        if (!name.isEmpty()) {
            int dot = name.indexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        }
        int a = address.toInt();
        return "host-" + (a >>> 24) + '-' + (a >>> 16 & 0xff) + '-' + (a >>> 8 & 0xff) + '-' + (a & 0xff);
    }

    /**
     * Option 15, the domain the host's name is in: what follows the first label of a dns_name with
     * dots (an FQDN's is all of it), then the port's dns_domain, else its network's, else
     * {@code configured}; without trailing dot, "" for none.
     */
    public String domain(String configured) {
        String name = port.dnsName();
        if (name.endsWith(".")) {
            int dot = name.indexOf('.');
            return dot == name.length() - 1 ? "" : name.substring(dot + 1, name.length() - 1);
        }
        String domain = !port.dnsDomain().isEmpty() ? port.dnsDomain()
                : !network.dnsDomain().isEmpty() ? network.dnsDomain() : configured == null ? "" : configured;
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        int dot = name.indexOf('.');
        String inName = dot < 0 ? "" : name.substring(dot + 1);
        return inName.isEmpty() ? domain : domain.isEmpty() ? inName : inName + "." + domain;
    }

    /** Option 6: the subnet's IPv4 name servers. */
    public List<Ip4Address> dnsServers() {
        return subnet.dnsNameservers().stream().filter(ns -> !ns.contains(":")).map(Ip4Address::valueOf).toList();
    }
}
