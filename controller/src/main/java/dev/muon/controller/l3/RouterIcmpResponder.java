package dev.muon.controller.l3;

import dev.muon.controller.node.VifPorts;
import dev.muon.ofdriver.OpenFlowPorts;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ofdriver.PacketIn;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ICMP errors of distributed routing that flows cannot build (see {@link IcmpError} for
 * which packet-in asks for which): the router interface the packet was sent to answers its
 * sender, out of the VIF it came in on. The sender is the Neutron port on that OpenFlow port
 * of the node's br-int; the interface is the router port on the sender's network whose MAC
 * the frame was sent to; it answers from its address on the subnet of the packet's source.
 * Packet-ins pass a per-node rate limit before anything but their table and reason is read.
 */
public final class RouterIcmpResponder {
    private static final Logger LOG = LoggerFactory.getLogger(RouterIcmpResponder.class);

    private final Supplier<NetworkModel> model;
    private final Supplier<Map<String, NodeState>> nodes;
    private final IcmpRateLimiter limiter;

    /**
     * @param model the current model snapshot
     * @param nodes the connected nodes by hostname (what OVSDB reports: VIFs and their ofports)
     */
    public RouterIcmpResponder(Supplier<NetworkModel> model, Supplier<Map<String, NodeState>> nodes,
                               RouterIcmpConfig config) {
        this(model, nodes, config, System::nanoTime);
    }

    RouterIcmpResponder(Supplier<NetworkModel> model, Supplier<Map<String, NodeState>> nodes, RouterIcmpConfig config,
                        LongSupplier nanoClock) {
        this.model = model;
        this.nodes = nodes;
        this.limiter = new IcmpRateLimiter(config, nanoClock);
    }

    /**
     * Handles a packet-in from routing's tables (answered or dropped) and returns true; returns
     * false for any other, which is someone else's (DHCP's packet-ins come from table 0).
     */
    public boolean packetIn(OpenFlowSwitch sw, PacketIn packetIn) {
        if (!IcmpError.isRoutingTable(packetIn.tableId())) {
            return false;
        }
        Optional<IcmpError> error = IcmpError.of(packetIn);
        if (error.isPresent() && limiter.allow(sw.datapathId())) {
            answer(sw.datapathId(), packetIn, error.get()).ifPresent(frame ->
                    sw.packetOut(OpenFlowPorts.CONTROLLER, List.of(Action.output(packetIn.inPort())), frame));
        }
        return true;
    }

    /** The error frame for a packet-in from br-int of datapath {@code dpid}, or empty when none is due. */
    Optional<byte[]> answer(long dpid, PacketIn packetIn, IcmpError error) {
        Optional<OffendingPacket> parsed = OffendingPacket.parse(packetIn.data());
        if (parsed.isEmpty()) {
            return skip(error, dpid, packetIn, "not an IPv4 frame");
        }
        OffendingPacket p = parsed.get();
        Optional<String> refusal = IcmpErrorFrame.refusal(p);
        if (refusal.isPresent()) {
            return skip(error, dpid, packetIn, refusal.get());
        }
        if (error == IcmpError.FRAG_NEEDED && !p.dontFragment()) {
            // Without DF no frag-needed is owed (RFC 792), and the controller does not fragment: dropped.
            return skip(error, dpid, packetIn, "DF is clear, the packet is dropped");
        }
        NetworkModel snapshot = model.get();
        Optional<Port> sender = VifPorts.at(nodes.get(), dpid, packetIn.inPort(), snapshot);
        if (sender.isEmpty()) {
            return skip(error, dpid, packetIn, "no Neutron port on that OpenFlow port");
        }
        Optional<Port> ingress = RouterInterfaces.onNetwork(snapshot, sender.get().networkId(), p.ethDst());
        if (ingress.isEmpty()) {
            return skip(error, dpid, packetIn, "no router interface with MAC " + p.ethDst() + " on its network");
        }
        int mtu = 0;
        if (error == IcmpError.FRAG_NEEDED) {
            mtu = RouterInterfaces.ofSameRouter(snapshot, ingress.get(), p.ethSrc())
                    .flatMap(out -> snapshot.network(out.networkId())).map(Network::mtu).orElse(0);
            if (mtu < 68) {   // RFC 791's minimum: anything less is no MTU to advertise
                return skip(error, dpid, packetIn, "no MTU for the way out (interface MAC " + p.ethSrc() + ")");
            }
        }
        Optional<Ip4Address> from = RouterInterfaces.sourceAddress(snapshot, ingress.get(), p.src());
        if (from.isEmpty()) {
            return skip(error, dpid, packetIn, "router interface " + ingress.get().id() + " has no IPv4 address");
        }
        LOG.debug("{} to {} ({}) from router interface {} ({})", error, p.src(), sender.get().id(),
                ingress.get().id(), from.get());
        return Optional.of(IcmpErrorFrame.build(error, p, MacAddress.valueOf(ingress.get().macAddress()), from.get(),
                MacAddress.valueOf(sender.get().macAddress()), mtu, error == IcmpError.FRAG_NEEDED ? 1 : 0));
    }

    private static Optional<byte[]> skip(IcmpError error, long dpid, PacketIn packetIn, String why) {
        LOG.debug("{} not sent for a packet-in from datapath {} port {}: {}", error, Long.toHexString(dpid),
                packetIn.inPort(), why);
        return Optional.empty();
    }
}
