package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.trace.PacketTracer;
import dev.muon.pipeline.trace.TracePacket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `./muon trace` of seed 003's "different subnet" flow on node2 (test02 10.0.0.8 → test04
 * 10.1.0.10 on node3): across the router, into the tunnel with the DVR MAC, as the seed's
 * traces read with the routing step added; and the router's answers on the node.
 */
class RoutedTraceTest {
    private static final Map<String, Integer> VLANS = Map.of("net-private", 1, "net-private2", 2);
    private static final String TEST02 = "fa:16:3e:76:47:75";   // node2, qvo28e6e267-f3, 10.0.0.8
    private static final String QR_PRIVATE = "fa:16:3e:9c:cf:de";   // 10.0.0.1

    private final SeedTopology seed = SeedTopology.seed003Routed();

    private PacketTracer.Result trace(String node, String bridge, String packet) {
        DesiredState d = PipelineCompiler.compile(seed.input(node, VLANS));
        return PacketTracer.trace(d, seed.nodes.get(node), seed.model(), bridge, TracePacket.parse(packet));
    }

    @Test
    void aRoutedPacketLeavesWithTheDvrMacThroughTheDestinationsTunnelNamingTheRouter() {
        PacketTracer.Result r = trace("node2", "br-int", "in_port=qvo28e6e267-f3,icmp,dl_src=" + TEST02 + ",dl_dst="
                + QR_PRIVATE + ",nw_src=10.0.0.8,nw_dst=10.1.0.10,nw_ttl=64");
        assertEquals(1, r.outcomes().size(), r.text());
        assertTrue(r.outcomes().get(0).startsWith("tunnel vxlan-c0a8010d to 192.168.1.13 with VNI 0x43"), r.text());
        assertTrue(r.outcomes().get(0).contains("dl_src=fa:16:3f:73:c3:04,dl_dst=fa:16:3e:44:44:04"), r.text());
        assertTrue(r.outcomes().get(0).contains("nw_ttl=63"), r.text());
        assertTrue(r.text().contains("# router router1"), "the routing flows name their router:\n" + r.text());
        assertTrue(r.text().contains("table=77") && r.text().contains("table=80"), r.text());
    }

    @Test
    void theReceivingNodeGivesTheGatewayMacBackAndDelivers() {
        PacketTracer.Result r = trace("node3", "br-tun", "in_port=vxlan-c0a8010c,tun_id=0x43,icmp,dl_src=fa:16:3f:73:c3:04,"
                + "dl_dst=fa:16:3e:44:44:04,nw_src=10.0.0.8,nw_dst=10.1.0.10,nw_ttl=63");
        assertEquals(1, r.outcomes().size(), r.text());
        assertTrue(r.outcomes().get(0).startsWith("VIF qvo62806dde-b9 (port port-test04)"), r.text());
        assertTrue(r.outcomes().get(0).contains("dl_src=fa:16:3e:5c:3d:f9"), r.text());
    }

    @Test
    void theGatewayAnswersArpAndPingOnTheNode() {
        PacketTracer.Result arp = trace("node2", "br-int", "in_port=qvo28e6e267-f3,arp,arp_op=1,dl_src=" + TEST02
                + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=10.0.0.8,arp_tpa=10.0.0.1,arp_sha=" + TEST02);
        assertEquals(1, arp.outcomes().size(), arp.text());
        assertTrue(arp.outcomes().get(0).startsWith("VIF qvo28e6e267-f3"), arp.text());
        assertTrue(arp.outcomes().get(0).contains("arp_op=2,arp_sha=" + QR_PRIVATE), arp.text());
        PacketTracer.Result ping = trace("node2", "br-int", "in_port=qvo28e6e267-f3,icmp,icmp_type=8,dl_src=" + TEST02
                + ",dl_dst=" + QR_PRIVATE + ",nw_src=10.0.0.8,nw_dst=10.1.0.1");
        assertEquals(1, ping.outcomes().size(), ping.text());
        assertTrue(ping.outcomes().get(0).contains("nw_src=10.1.0.1,nw_dst=10.0.0.8"), ping.text());
    }

    @Test
    void noRouteGoesToTheController() {
        PacketTracer.Result r = trace("node2", "br-int", "in_port=qvo28e6e267-f3,icmp,dl_src=" + TEST02 + ",dl_dst="
                + QR_PRIVATE + ",nw_src=10.0.0.8,nw_dst=192.0.2.1");
        assertEquals(List.of(PacketTracer.End.Kind.CONTROLLER), r.ends().stream().map(PacketTracer.End::kind).toList(),
                r.text());
    }
}
