package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.trace.PacketTracer;
import dev.muon.pipeline.trace.TracePacket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * `./muon trace` of seed 003 with a gateway ({@link SeedTopology#seed003External()}): out through
 * SNAT on the network node (from another node, across the DVR path), out and in through a
 * floating IP on the VM's own node, and the external addresses answering ARP only where served.
 */
class NorthSouthTraceTest {
    private static final String TEST02 = "fa:16:3e:76:47:75";   // node2, qvo28e6e267-f3, 10.0.0.8, FIP .20
    private static final String TEST05 = "fa:16:3e:96:e2:a4";   // node3, qvo4a577779-93, 10.0.0.4, no FIP
    private static final String QR_PRIVATE = "fa:16:3e:9c:cf:de";
    private static final String QG = "fa:16:3e:9a:00:01";
    private static final String UPSTREAM = "02:00:ac:18:04:01";

    private final SeedTopology seed = SeedTopology.seed003External();

    private PacketTracer.Result trace(String node, String bridge, String packet) {
        DesiredState d = PipelineCompiler.compile(seed.input(node, SeedTopology.externalVlans()));
        return PacketTracer.trace(d, seed.nodes.get(node), seed.model(), bridge, TracePacket.parse(packet));
    }

    @Test
    void aComputeNodeSendsDefaultRoutedTrafficToTheSnatNodeWithItsDvrMac() {
        PacketTracer.Result r = trace("node3", "br-int", "in_port=qvo4a577779-93,tcp,dl_src=" + TEST05 + ",dl_dst="
                + QR_PRIVATE + ",nw_src=10.0.0.4,nw_dst=172.24.4.1,nw_ttl=64,tp_src=40000,tp_dst=80");
        assertEquals(1, r.outcomes().size(), r.text());
        assertTrue(r.outcomes().get(0).startsWith("tunnel vxlan-c0a8010b to 192.168.1.11 with VNI 0x42"), r.text());
        assertTrue(r.outcomes().get(0).contains("dl_src=fa:16:3f:59:35:b1,dl_dst=" + QG), r.text());
        assertTrue(r.outcomes().get(0).contains("nw_ttl=63"), r.text());
    }

    @Test
    void theSnatNodeTranslatesToTheGatewayAddressTowardsTheUpstreamRouter() {
        PacketTracer.Result r = trace("node1", "br-tun", "in_port=vxlan-c0a8010d,tun_id=0x42,tcp,dl_src=fa:16:3f:59:35:b1,"
                + "dl_dst=" + QG + ",nw_src=10.0.0.4,nw_dst=172.24.4.1,nw_ttl=63,tp_src=40000,tp_dst=80");
        assertTrue(r.text().contains("nat(src=172.24.4.10)"), r.text());
        assertTrue(r.text().contains("zone=4097"), r.text());
        assertTrue(r.outcomes().stream().anyMatch(o -> o.contains("dl_src=" + QG + ",dl_dst=" + UPSTREAM)), r.text());
    }

    @Test
    void theSnatNodeTakesDefaultRoutedTrafficOnARouterNetworkItHasNoPortOn() {
        // private2 (VNI 0x43) has no port on node1; test03 (10.1.0.12, node2) has no floating IP
        PacketTracer.Result r = trace("node1", "br-tun", "in_port=vxlan-c0a8010c,tun_id=0x43,tcp,dl_src=fa:16:3f:73:c3:04,"
                + "dl_dst=" + QG + ",nw_src=10.1.0.12,nw_dst=172.24.4.1,nw_ttl=63,tp_src=40000,tp_dst=80");
        assertTrue(r.text().contains("nat(src=172.24.4.10)"), r.text());
        assertTrue(r.outcomes().stream().anyMatch(o -> o.contains("dl_src=" + QG + ",dl_dst=" + UPSTREAM)), r.text());
    }

    @Test
    void aVmWithAFloatingIpLeavesFromItsOwnNodeTranslated() {
        PacketTracer.Result r = trace("node2", "br-int", "in_port=qvo28e6e267-f3,tcp,dl_src=" + TEST02 + ",dl_dst="
                + QR_PRIVATE + ",nw_src=10.0.0.8,nw_dst=172.24.4.1,nw_ttl=64,tp_src=40000,tp_dst=80");
        assertTrue(r.text().contains("nat(src=172.24.4.20)"), r.text());
        assertTrue(r.outcomes().stream().anyMatch(o -> o.contains("dl_src=fa:16:3e:f1:00:20,dl_dst=" + UPSTREAM)), r.text());
    }

    @Test
    void theFloatingIpAnswersArpOnlyOnTheNodeServingIt() {
        String who = "arp,arp_op=1,dl_src=" + UPSTREAM + ",dl_dst=ff:ff:ff:ff:ff:ff,arp_spa=172.24.4.1,"
                + "arp_tpa=172.24.4.20,arp_sha=" + UPSTREAM;
        PacketTracer.Result here = trace("node2", "br-ex", "in_port=eth-ex," + who);
        assertEquals(1, here.outcomes().size(), here.text());
        assertTrue(here.outcomes().get(0).contains("arp_op=2,arp_sha=fa:16:3e:f1:00:20"), here.text());
        PacketTracer.Result there = trace("node1", "br-ex", "in_port=eth-ex," + who);
        assertTrue(there.outcomes().stream().noneMatch(o -> o.contains("arp_op=2")), there.text());
    }

    @Test
    void inboundToTheFloatingIpReachesTheVmOnceASecurityGroupRuleAllowsIt() {
        String ssh = "in_port=eth-ex,tcp,dl_src=" + UPSTREAM
                + ",dl_dst=fa:16:3e:f1:00:20,nw_src=172.24.4.1,nw_dst=172.24.4.20,nw_ttl=64,tp_src=5555,tp_dst=22";
        // seed 004: translated, routed, and stopped by the VM's groups (the default group admits its members only)
        PacketTracer.Result closed = trace("node2", "br-ex", ssh);
        assertTrue(closed.text().contains("nat(dst=10.0.0.8)"), closed.text());
        assertEquals(List.of("dropped in br-int table 82 by port port-test02 (port-test02)"), closed.outcomes(),
                closed.text());
        seed.rules.add(SeedTopology.rule("rule-ssh", SeedTopology.DEFAULT_GROUP, "ingress", "IPv4", "tcp", 22, 22,
                "0.0.0.0/0", null));
        PacketTracer.Result r = trace("node2", "br-ex", ssh);
        assertTrue(r.outcomes().stream().anyMatch(o -> o.startsWith("VIF qvo28e6e267-f3")), r.text());
        assertTrue(r.text().contains("security group rule rule-ssh"), "the trace names the rule: " + r.text());
    }

    @Test
    void withoutSnatTheRouterRoutesInAndOutByItsGatewayUntranslated() {
        seed.updateRouter("router1", r -> r.withGateway(new dev.muon.pipeline.model.RouterGateway("net-public", false,
                "port-qg")));
        PacketTracer.Result out = trace("node1", "br-int", "in_port=qvo40d6518d-ba,tcp,dl_src=fa:16:3e:5a:6e:54,dl_dst="
                + QR_PRIVATE + ",nw_src=10.0.0.7,nw_dst=172.24.4.1,nw_ttl=64,tp_src=40000,tp_dst=80");
        assertTrue(!out.text().contains("nat"), out.text());
        assertTrue(out.outcomes().stream().anyMatch(o -> o.contains("dl_src=" + QG + ",dl_dst=" + UPSTREAM)
                && o.contains("nw_src=10.0.0.7")), out.text());
        PacketTracer.Result in = trace("node1", "br-ex", "in_port=eth-ex,tcp,dl_src=" + UPSTREAM + ",dl_dst=" + QG
                + ",nw_src=172.24.4.1,nw_dst=10.0.0.7,nw_ttl=64,tp_src=80,tp_dst=40000 --ct-next trk,est,rpl");
        // the VM's security group lets the reply in (the connection the VM opened)
        assertTrue(in.outcomes().stream().anyMatch(o -> o.startsWith("VIF qvo40d6518d-ba")), in.text());
    }
}
