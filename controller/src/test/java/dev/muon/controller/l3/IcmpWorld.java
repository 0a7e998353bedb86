package dev.muon.controller.l3;

import dev.muon.controller.RecordingSwitch;
import dev.muon.ofdriver.PacketIn;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;

/**
 * A small routed world: router r1 joins netA (MTU 1500; subnets 10.0.0.0/24 and 10.2.0.0/24,
 * its interface qrA holding 10.2.0.1 first and 10.0.0.1 second) and netB (MTU 1450,
 * 10.1.0.0/24, interface qrB 10.1.0.1). VM a1 (10.0.0.11) is node1's br-int ofport 10; a
 * switch records packet-outs, and a clock the test moves drives the rate limit.
 */
final class IcmpWorld {
    static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    static final String QR_A = "fa:16:3e:00:00:a1";
    static final String QR_B = "fa:16:3e:00:00:b1";
    static final String A1_MAC = "fa:16:3e:00:00:11";
    static final String A1_IP = "10.0.0.11";
    static final int A1_OFPORT = 10;

    final List<Port> ports = new ArrayList<>(List.of(
            port("qrA", "netA", QR_A, List.of(new FixedIp("subA2", "10.2.0.1"), new FixedIp("subA", "10.0.0.1")),
                    "r1", DeviceOwner.ROUTER_INTERFACE_DISTRIBUTED),
            port("qrB", "netB", QR_B, List.of(new FixedIp("subB", "10.1.0.1")), "r1", DeviceOwner.ROUTER_INTERFACE),
            port("a1", "netA", A1_MAC, List.of(new FixedIp("subA", A1_IP)), "vm-a1", "compute:nova"),
            port("b1", "netB", "fa:16:3e:00:00:21", List.of(new FixedIp("subB", "10.1.0.11")), "vm-b1", "compute:nova")));
    final RecordingSwitch brInt = new RecordingSwitch(DatapathIds.of("node1", "br-int"));
    RouterIcmpConfig config = RouterIcmpConfig.DEFAULTS;
    long now = 0;

    NetworkModel model() {
        return NetworkModel.of(List.of(network("netA", 1500), network("netB", 1450)),
                List.of(subnet("subA", "netA", "10.0.0.0/24"), subnet("subA2", "netA", "10.2.0.0/24"),
                        subnet("subB", "netB", "10.1.0.0/24")),
                ports);
    }

    Map<String, NodeState> nodes() {
        NodeConfig cfg = new NodeConfig("node1", "192.168.1.11", NodeRole.COMPUTE, Map.of(), "netdev", null);
        return Map.of("node1", new NodeState("conn1", cfg, Set.of("br-int", "br-tun"), List.of(
                new ObservedInterface("tap-a1", "br-int", "", A1_OFPORT, 1, Map.of("iface-id", "a1",
                        "attached-mac", A1_MAC), Map.of()))));
    }

    RouterIcmpResponder responder() {
        return new RouterIcmpResponder(this::model, this::nodes, config, () -> now);
    }

    static PacketIn packetIn(PacketIn.Reason reason, int table, byte[] frame) {
        return new PacketIn(A1_OFPORT, reason, table, 0x4d75L << 48, frame);
    }

    /** An ICMP echo request from a1 to 10.1.0.11 through qrA, as a1 sends it; {@code size} is its IP length. */
    static byte[] echoFromA1(int ttl, boolean dontFragment, int size) {
        ICMP echo = new ICMP().setIcmpType(ICMP.TYPE_ECHO_REQUEST).setIcmpCode((byte) 0);
        byte[] body = new byte[size - 20 - 4];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        echo.setPayload(new Data(body));
        return frame(A1_MAC, QR_A, A1_IP, "10.1.0.11", ttl, dontFragment ? 0x2 : 0, (short) 0, IPv4.PROTOCOL_ICMP, echo);
    }

    static byte[] frame(String ethSrc, String ethDst, String ipSrc, String ipDst, int ttl, int flags, short fragOffset,
                        byte proto, org.onlab.packet.IPacket payload) {
        IPv4 ip = new IPv4().setSourceAddress(Ip4Address.valueOf(ipSrc).toInt())
                .setDestinationAddress(Ip4Address.valueOf(ipDst).toInt()).setTtl((byte) ttl)
                .setProtocol(proto).setFlags((byte) flags).setFragmentOffset(fragOffset).setIdentification((short) 4242);
        ip.setPayload(payload);
        Ethernet eth = new Ethernet().setSourceMACAddress(MacAddress.valueOf(ethSrc))
                .setDestinationMACAddress(MacAddress.valueOf(ethDst)).setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        return eth.serialize();
    }

    /** What table 77 hands to 80 for a1's frame routed onto netB: source MAC qrB, TTL one less (checksum redone). */
    static byte[] routedToNetB(byte[] frame) {
        byte[] r = frame.clone();
        System.arraycopy(MacAddress.valueOf(QR_B).toBytes(), 0, r, 6, 6);
        r[14 + 8]--;
        r[14 + 10] = 0;
        r[14 + 11] = 0;
        int sum = OffendingPacket.checksum(java.util.Arrays.copyOfRange(r, 14, 34), 20);
        r[14 + 10] = (byte) (sum >> 8);
        r[14 + 11] = (byte) sum;
        return r;
    }

    static Network network(String id, int mtu) {
        return new Network(id, id, "", "proj", true, false, false, NetworkType.VXLAN, null, 1001, mtu, "ACTIVE", T, T,
                1, false, true, List.of());
    }

    static Subnet subnet(String id, String networkId, String cidr) {
        String base = cidr.substring(0, cidr.lastIndexOf('.'));
        return new Subnet(id, id, "", "proj", networkId, 4, cidr, base + ".1",
                List.of(new AllocationPool(base + ".2", base + ".254")), true, List.of(), List.of(), T, T, 1, null,
                List.of());
    }

    static Port port(String id, String networkId, String mac, List<FixedIp> ips, String deviceId, String owner) {
        return new Port(id, id, "", "proj", networkId, mac, ips, true, "ACTIVE", deviceId, owner, "node1", true,
                List.of(), T, T, 1, List.of(), Map.of(), List.of());
    }
}
