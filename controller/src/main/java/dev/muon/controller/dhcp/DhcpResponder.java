package dev.muon.controller.dhcp;

import dev.muon.controller.node.VifPorts;
import dev.muon.ofdriver.OpenFlowPorts;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ofdriver.PacketIn;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.onlab.packet.DHCP;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.MacAddress;
import org.onlab.packet.UDP;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers DHCP on every node from the controller: br-int sends a VIF's DHCP requests up
 * (packet-in, see the pipeline's DhcpFlows), the port is found from the node and the
 * OpenFlow port it came in on, and the reply goes straight back out of that port
 * (packet-out). Nothing DHCP leaves the node; no dnsmasq, no namespace.
 */
public final class DhcpResponder {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpResponder.class);

    private final Supplier<NetworkModel> model;
    private final Supplier<Map<String, NodeState>> nodes;
    private final DhcpServer server;

    /**
     * @param model the current model snapshot
     * @param nodes the connected nodes by hostname (what OVSDB reports: VIFs and their ofports)
     */
    public DhcpResponder(Supplier<NetworkModel> model, Supplier<Map<String, NodeState>> nodes, DhcpConfig config) {
        this.model = model;
        this.nodes = nodes;
        this.server = new DhcpServer(config);
    }

    /** Handles a packet-in if it is a DHCP request from a VIF on a br-int; anything else is left alone. */
    public void packetIn(OpenFlowSwitch sw, PacketIn packetIn) {
        Optional<DHCP> request = parse(packetIn.data());
        if (request.isEmpty()) {
            return;
        }
        Optional<byte[]> reply = answer(sw.datapathId(), packetIn.inPort(), request.get());
        reply.ifPresent(frame -> sw.packetOut(OpenFlowPorts.CONTROLLER, List.of(Action.output(packetIn.inPort())), frame));
    }

    /** The reply frame for a DHCP request that entered br-int of datapath {@code dpid} on {@code ofport}. */
    Optional<byte[]> answer(long dpid, int ofport, DHCP request) {
        NetworkModel snapshot = model.get();
        Optional<Port> port = VifPorts.at(nodes.get(), dpid, ofport, snapshot);
        Optional<DhcpLease> lease = port
                .filter(p -> p.adminStateUp() && sameMac(p, request.getClientHardwareAddress()))
                .flatMap(p -> DhcpLease.of(snapshot, p));
        if (lease.isEmpty()) {
            LOG.debug("DHCP {} from {} on datapath {} port {}: no lease for it (port {}), not answered",
                    request.getPacketType(), mac(request.getClientHardwareAddress()), Long.toHexString(dpid), ofport,
                    port.map(Port::id).orElse("unknown"));
        }
        Optional<Ethernet> reply = server.answer(request, lease);
        reply.ifPresent(r -> LOG.debug("DHCP {} from port {} answered", request.getPacketType(),
                lease.get().port().id()));
        return reply.map(Ethernet::serialize);
    }


    /** The DHCP message of a client-to-server UDP datagram, or empty for any other frame. */
    static Optional<DHCP> parse(byte[] frame) {
        try {
            Ethernet eth = Ethernet.deserializer().deserialize(frame, 0, frame.length);
            if (eth.getPayload() instanceof IPv4 ip && ip.getPayload() instanceof UDP udp
                    && udp.getDestinationPort() == DhcpServer.SERVER_PORT && udp.getPayload() instanceof DHCP dhcp) {
                return Optional.of(dhcp);
            }
        } catch (DeserializationException | RuntimeException e) {
            LOG.debug("unparseable packet-in ({} bytes): {}", frame.length, e.toString());
        }
        return Optional.empty();
    }

    /** A client may only ask for its own port: chaddr must be the port's MAC. */
    private static boolean sameMac(Port port, byte[] chaddr) {
        return chaddr != null && chaddr.length == MacAddress.MAC_ADDRESS_LENGTH
                && MacAddress.valueOf(chaddr).equals(MacAddress.valueOf(port.macAddress()));
    }

    private static String mac(byte[] chaddr) {
        return chaddr != null && chaddr.length == MacAddress.MAC_ADDRESS_LENGTH ? MacAddress.valueOf(chaddr).toString()
                : "?";
    }
}
