package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.trace.PacketTracer;
import dev.muon.pipeline.trace.TracePacket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tracer follows packets through seed 003's node2 the way ofproto/trace does in the seed. */
class PacketTracerTest {
    private static final Map<String, Integer> VLANS = Map.of("net-private", 1, "net-private2", 2);
    private static final String TEST02 = "fa:16:3e:76:47:75";   // on node2, qvo28e6e267-f3
    private static final String TEST05 = "fa:16:3e:96:e2:a4";   // on node3, 10.0.0.4

    private final SeedTopology seed = SeedTopology.seed003();
    private final DesiredState node2 = PipelineCompiler.compile(seed.input("node2", VLANS));

    private PacketTracer.Result trace(String packet) {
        return PacketTracer.trace(node2, seed.nodes.get("node2"), seed.model(), "br-int", TracePacket.parse(packet));
    }

    @Test
    void unicastToARemoteVmLeavesThroughItsNodesTunnelWithTheNetworksVni() {
        PacketTracer.Result r = trace("in_port=qvo28e6e267-f3,icmp,dl_src=" + TEST02 + ",dl_dst=" + TEST05
                + ",nw_src=10.0.0.8,nw_dst=10.0.0.4");
        assertEquals(1, r.outcomes().size(), r.text());
        assertTrue(r.outcomes().get(0).startsWith("tunnel vxlan-c0a8010d to 192.168.1.13 with VNI 0x42"), r.text());
        assertTrue(r.text().contains("# port port-test05"), "the table 20 flow is explained by the remote port:\n"
                + r.text());
    }

    @Test
    void arpForARemoteVmIsAnsweredOnTheNodeBackToTheAsker() {
        PacketTracer.Result r = trace("in_port=qvo28e6e267-f3,arp,arp_op=1,dl_src=" + TEST02
                + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=10.0.0.8,arp_tpa=10.0.0.4,arp_sha=" + TEST02);
        // the reply as ofproto/trace prints a flow: shorthand first, then ovs-ofctl's field order
        assertEquals(List.of("VIF qvo28e6e267-f3 (port port-test02): arp,reg5=0x3,reg6=0x1,in_port=2,dl_src=" + TEST05 + ",dl_dst="
                + TEST02 + ",arp_spa=10.0.0.4,arp_tpa=10.0.0.8,arp_op=2,arp_sha=" + TEST05 + ",arp_tha=" + TEST02),
                r.outcomes(), r.text());
        assertEquals(PacketTracer.End.Kind.VIF, r.ends().get(0).kind());
        assertEquals("qvo28e6e267-f3", r.ends().get(0).port());
    }

    @Test
    void aForgedSourceMacIsDropped() {
        PacketTracer.Result r = trace("in_port=qvo28e6e267-f3,icmp,dl_src=fa:16:3e:00:00:66,dl_dst=" + TEST05
                + ",nw_src=10.0.0.8,nw_dst=10.0.0.4");
        assertEquals(List.of("dropped in br-int table 25 (miss)"), r.outcomes(), r.text());
    }

    @Test
    void aNeighbourAdvertisementForAnotherAddressIsDroppedInOvsOfctlSyntaxToo() {
        PacketTracer.Result r = trace("in_port=qvo28e6e267-f3,icmp6,icmp_type=136,dl_src=" + TEST02
                + ",dl_dst=" + TEST05 + ",nd_target=2001:db8::66");
        assertEquals(List.of("dropped in br-int table 24 by pipeline (static tables)"), r.outcomes(), r.text());
    }

    @Test
    void anIpv4IcmpOfType136IsNotTakenForANeighbourAdvertisement() {
        // the same numbers as the NA above, but ICMP over IPv4: table 0's icmp6 flow must not see it
        PacketTracer.Result r = trace("in_port=qvo28e6e267-f3,icmp,icmp_type=136,dl_src=" + TEST02
                + ",dl_dst=" + TEST05 + ",nw_src=10.0.0.8,nw_dst=10.0.0.4");
        assertTrue(r.text().lines().noneMatch(l -> l.contains("table=24")), r.text());
        assertEquals(1, r.delivered().size(), r.text());
        assertEquals(PacketTracer.End.Kind.TUNNEL, r.delivered().get(0).kind(), r.text());
    }

    @Test
    void theCallersPacketIsLeftAsGiven() {
        TracePacket p = TracePacket.parse("in_port=qvo28e6e267-f3,udp,tp_src=0x44,tp_dst=67,dl_src=" + TEST02);
        PacketTracer.trace(node2, seed.nodes.get("node2"), seed.model(), "br-int", p);
        assertEquals("qvo28e6e267-f3", p.get("in_port"));
        assertEquals("68", p.get("tp_src"));
    }

    @Test
    void dhcpGoesToTheControllerAndNowhereElse() {
        PacketTracer.Result r = trace("in_port=qvo28e6e267-f3,udp,dl_src=" + TEST02
                + ",dl_dst=ff:ff:ff:ff:ff:ff,nw_src=0.0.0.0,nw_dst=255.255.255.255,tp_src=68,tp_dst=67");
        assertEquals(1, r.outcomes().size(), r.text());
        assertTrue(r.outcomes().get(0).startsWith("to the controller"), r.text());
    }
}
