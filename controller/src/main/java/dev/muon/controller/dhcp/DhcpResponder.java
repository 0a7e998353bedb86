package dev.muon.controller.dhcp;

import dev.muon.controller.node.VifPorts;
import dev.muon.ofdriver.OpenFlowPorts;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ofdriver.PacketIn;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.onlab.packet.MacAddress;
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
    private final LeaseCache leases;
    private volatile Runnable requests = () -> { };
    private volatile Runnable replies = () -> { };

    /**
     * @param model the current model snapshot
     * @param nodes the connected nodes by hostname (what OVSDB reports: VIFs and their ofports)
     */
    public DhcpResponder(Supplier<NetworkModel> model, Supplier<Map<String, NodeState>> nodes, DhcpConfig config) {
        this.model = model;
        this.nodes = nodes;
        this.server = new DhcpServer(config);
        this.leases = new LeaseCache(server::configuration);
    }

    /** {@code requests} hears of each DHCP request that reaches the controller, {@code replies} of each reply sent. */
    public void count(Runnable requests, Runnable replies) {
        this.requests = requests;
        this.replies = replies;
    }

    /**
     * Handles a packet-in if it is a DHCP request from a VIF on a br-int; anything else is left alone.
     *
     * @return whether it was a DHCP request
     */
    public boolean packetIn(OpenFlowSwitch sw, PacketIn packetIn) {
        Optional<DhcpRequest> request = DhcpRequest.parse(packetIn.data());
        if (request.isEmpty()) {
            return false;
        }
        requests.run();
        Optional<byte[]> reply = answer(sw.datapathId(), packetIn.inPort(), request.get());
        reply.ifPresent(frame -> {
            sw.packetOut(OpenFlowPorts.CONTROLLER, List.of(Action.output(packetIn.inPort())), frame);
            replies.run();
        });
        return true;
    }

    /** The reply frame for a DHCP request that entered br-int of datapath {@code dpid} on {@code ofport}. */
    Optional<byte[]> answer(long dpid, int ofport, DhcpRequest request) {
        NetworkModel snapshot = model.get();
        Optional<Port> port = VifPorts.at(nodes.get(), dpid, ofport, snapshot);
        Optional<ServedPort> served = Optional.empty();
        if (port.isPresent() && port.get().adminStateUp()) {
            LeaseCache.Entry e = leases.of(snapshot, port.get());
            if (request.chaddr() != null && Arrays.equals(e.mac(), request.chaddr())) {   // only its own port
                served = e.served();
            }
        }
        if (served.isEmpty()) {
            LOG.debug("DHCP type {} from {} on datapath {} port {}: no lease for it (port {}), not answered",
                    request.type(), mac(request.chaddr()), Long.toHexString(dpid), ofport,
                    port.map(Port::id).orElse("unknown"));
        }
        return server.answer(request, served);
    }

    private static String mac(byte[] chaddr) {
        return chaddr != null ? MacAddress.valueOf(chaddr).toString() : "?";
    }
}
