package dev.muon.controller.l3;

import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import java.util.List;
import java.util.Optional;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;
import org.onlab.packet.MacAddress;

/** Finding a router's interfaces in the model from the MACs of a frame it routed. */
final class RouterInterfaces {
    private RouterInterfaces() {
    }

    /** The router interface on {@code networkId} whose MAC is {@code mac} (the one a VM sent to). */
    static Optional<Port> onNetwork(NetworkModel model, String networkId, MacAddress mac) {
        return model.portsOf(networkId).stream()
                .filter(p -> DeviceOwner.ROUTER_INTERFACE_OWNERS.contains(p.deviceOwner()) && sameMac(p, mac))
                .findFirst();
    }

    /** The interface of the same router as {@code iface} whose MAC is {@code mac} (a routed frame's way out). */
    static Optional<Port> ofSameRouter(NetworkModel model, Port iface, MacAddress mac) {
        return model.interfacesOf(iface.deviceId()).stream().filter(p -> sameMac(p, mac)).findFirst();
    }

    /**
     * The address {@code iface} answers {@code towards} from: its IPv4 address on the subnet
     * that holds {@code towards}, else its first IPv4 address.
     */
    static Optional<Ip4Address> sourceAddress(NetworkModel model, Port iface, Ip4Address towards) {
        List<FixedIp> v4 = iface.fixedIps().stream().filter(ip -> ipv4(ip.ipAddress()).isPresent()).toList();
        return v4.stream()
                .filter(ip -> model.subnet(ip.subnetId()).map(Subnet::cidr)
                        .map(cidr -> contains(cidr, towards)).orElse(false))
                .findFirst()
                .or(() -> v4.stream().findFirst())
                .flatMap(ip -> ipv4(ip.ipAddress()));
    }

    private static boolean contains(String cidr, Ip4Address address) {
        try {
            return IpPrefix.valueOf(cidr).contains(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<Ip4Address> ipv4(String address) {
        try {
            IpAddress a = IpAddress.valueOf(address);
            return a.isIp4() ? Optional.of(a.getIp4Address()) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean sameMac(Port p, MacAddress mac) {
        try {
            return MacAddress.valueOf(p.macAddress()).equals(mac);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
