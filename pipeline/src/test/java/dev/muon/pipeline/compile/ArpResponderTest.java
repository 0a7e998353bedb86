package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowDump;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** br-tun table 21: ARP requests for remote ports answered in place (Neutron's arp_responder). */
class ArpResponderTest {
    private static final Map<String, Integer> VLANS = Map.of("net-private", 1, "net-private2", 2);

    private static List<Flow> table21(SeedTopology t, String host) {
        return FlowSelection.in(PipelineCompiler.compile(t.input(host, VLANS)), Bridges.TUNNEL,
                PipelineTable.TUN_ARP_RESPONDER, Priority.ARP_ANSWER);
    }

    private static List<String> answered(List<Flow> flows) {
        return flows.stream().map(f -> f.match().vlan() + "/" + f.match().arpTpa()).sorted().toList();
    }

    @Test
    void broadcastArpGoesToTheResponderWhichAnswersWithNeutronsActions() {
        List<Flow> tun = PipelineCompiler.compile(SeedTopology.seed003().input("node1", VLANS)).flows("br-tun");
        assertTrue(ProviderNetworksTest.has(tun,
                "table=2, priority=1,arp,dl_dst=ff:ff:ff:ff:ff:ff actions=goto_table:21"), FlowDump.render(tun));
        assertTrue(ProviderNetworksTest.has(tun, "table=21, priority=1,arp,dl_vlan=1,arp_tpa=10.0.0.4,arp_op=1 actions="
                + "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],set_field:fa:16:3e:96:e2:a4->eth_src,set_field:2->arp_op,"
                + "move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],"
                + "set_field:fa:16:3e:96:e2:a4->arp_sha,set_field:10.0.0.4->arp_spa,IN_PORT"), FlowDump.render(tun));
        assertTrue(ProviderNetworksTest.has(tun, "table=21, priority=0 actions=goto_table:22"), "unknown IPs flood");
    }

    @Test
    void onlyRemoteActivePortsAreAnsweredNeverLocalOnes() {
        SeedTopology t = SeedTopology.seed003();
        // node1 holds test01 (10.0.0.7) itself; test02 (node2) and test05 (node3) are remote
        assertEquals(List.of("1/10.0.0.4", "1/10.0.0.8"), answered(table21(t, "node1")));
        t.update("port-test05", p -> SeedTopology.withAdminState(p, false));
        t.update("port-test02", p -> p.withBinding("node2", "DOWN"));
        assertEquals(List.of(), answered(table21(t, "node1")), "down ports are not answered");
    }

    @Test
    void allowedAddressPairsAndIpv6AreNotAnswered() {
        SeedTopology t = SeedTopology.seed003();
        t.update("port-test02", p -> SeedTopology.withAddresses(p,
                List.of(new FixedIp("sub-private", "10.0.0.8"), new FixedIp("sub-v6", "2001:db8::8")),
                List.of(new AllowedAddressPair("10.0.0.100", null), new AllowedAddressPair("10.0.0.200", "fa:16:3e:00:00:aa"))));
        assertEquals(List.of("1/10.0.0.4", "1/10.0.0.8"), answered(table21(t, "node1")));
    }

    @Test
    void everyFixedIpOfARemotePortIsAnswered() {
        SeedTopology t = SeedTopology.seed003();
        t.update("port-test02", p -> SeedTopology.withAddresses(p,
                List.of(new FixedIp("sub-private", "10.0.0.8"), new FixedIp("sub-private", "10.0.0.18")), List.of()));
        assertEquals(List.of("1/10.0.0.18", "1/10.0.0.4", "1/10.0.0.8"), answered(table21(t, "node1")));
    }

    @Test
    void theSameIpOnTwoNetworksIsAnsweredPerNetwork() {
        SeedTopology t = SeedTopology.seed003();
        // test04 on private2 (node3) gets 10.0.0.4, the IP test05 has on private (node3)
        t.port("port-test04", "net-private2", "sub-private2", "10.0.0.4", "fa:16:3e:44:44:04", "node3");
        List<Flow> flows = table21(t, "node2");
        assertEquals(List.of("1/10.0.0.4", "1/10.0.0.7", "2/10.0.0.4"), answered(flows));
        assertTrue(flows.stream().anyMatch(f -> f.match().vlan() == 1 && f.actionsText().contains("fa:16:3e:96:e2:a4->eth_src")));
        assertTrue(flows.stream().anyMatch(f -> f.match().vlan() == 2 && f.actionsText().contains("fa:16:3e:44:44:04->eth_src")));
    }
}
