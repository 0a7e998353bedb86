package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.flow.FlowDump;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** br-int tables 0/24/25 as seed 000 shows them: ARP, IPv6 NA and source MAC only from the port's addresses. */
class AntiSpoofingTest {
    private static final Map<String, Integer> VLANS = Map.of("net-private", 1, "net-private2", 2);

    private static List<Flow> brInt(SeedTopology t) {
        return PipelineCompiler.compile(t.input("node2", VLANS)).flows("br-int");
    }

    /** The anti-spoofing flows (tables 0, 24, 25) of in_port=3 (port-test02 on node2), as ofctl text without cookies. */
    private static List<String> port3(List<Flow> flows) {
        return FlowDump.sorted(flows).stream().filter(f -> Integer.valueOf(3).equals(f.match().inPort()))
                .filter(f -> f.table() <= 25)
                .map(f -> f.toOfctl().replaceFirst("cookie=0x[0-9a-f]+, ", "")).toList();
    }

    @Test
    void linkLocalAddressesAreDerivedFromTheMacAsInSeed000() {
        assertEquals("fe80::f816:3eff:fe31:3980", PortAddresses.linkLocal("fa:16:3e:31:39:80"));
        assertEquals("fe80::f816:3eff:febe:dc65", PortAddresses.linkLocal("fa:16:3e:be:dc:65"));
        assertEquals("fe80::f816:3eff:fefb:b50a", PortAddresses.linkLocal("fa:16:3e:fb:b5:0a"));
        assertEquals("fe80::f816:3eff:fea6:851a", PortAddresses.linkLocal("FA:16:3E:A6:85:1A"));
        assertEquals("fe80::ff:fe00:0", PortAddresses.linkLocal("02:00:00:00:00:00"));
    }

    @Test
    void addressesAreWrittenAsOpenVSwitchPrintsThem() {
        assertEquals("10.0.0.5", PortAddresses.canonical("10.0.0.5/32"));
        assertEquals("10.0.0.0/24", PortAddresses.canonical("10.0.0.5/24"));
        assertEquals("2001:db8::1", PortAddresses.canonical("2001:DB8:0:0::1/128"));
        assertEquals("2001:db8:0:1::/64", PortAddresses.canonical("2001:db8:0:1:2::/64"));
        assertEquals("1.2.3.4", PortAddresses.canonical("::ffff:1.2.3.4"));
    }

    @Test
    void aPortSendsOnlyFromItsAddressesAndMacs() {
        SeedTopology t = SeedTopology.seed003();
        t.update("port-test02", p -> SeedTopology.withAddresses(p,
                List.of(new FixedIp("sub-private", "10.0.0.8"), new FixedIp("sub-v6", "2001:db8::8")),
                List.of(new AllowedAddressPair("10.0.0.100/32", null),
                        new AllowedAddressPair("10.9.0.0/16", "fa:16:3e:00:00:aa"),
                        new AllowedAddressPair("2001:db8:1::/64", null))));
        assertEquals(List.of(
                "table=0, priority=20,udp,in_port=3,tp_src=68,tp_dst=67 actions=meter:3,CONTROLLER:65535",
                "table=0, priority=10,arp,in_port=3 actions=load:0x3->NXM_NX_REG5[],load:0x1->NXM_NX_REG6[],goto_table:24",
                "table=0, priority=10,icmp6,in_port=3,icmp_type=136 actions=load:0x3->NXM_NX_REG5[],load:0x1->NXM_NX_REG6[],goto_table:24",
                "table=0, priority=9,in_port=3 actions=load:0x3->NXM_NX_REG5[],load:0x1->NXM_NX_REG6[],goto_table:25",
                "table=24, priority=2,arp,in_port=3,arp_spa=10.0.0.100 actions=goto_table:25",
                "table=24, priority=2,arp,in_port=3,arp_spa=10.0.0.8 actions=goto_table:25",
                "table=24, priority=2,arp,in_port=3,arp_spa=10.9.0.0/16 actions=goto_table:25",
                "table=24, priority=2,icmp6,in_port=3,icmp_type=136,nd_target=2001:db8:1::/64 actions=goto_table:60",
                "table=24, priority=2,icmp6,in_port=3,icmp_type=136,nd_target=2001:db8::8 actions=goto_table:60",
                "table=24, priority=2,icmp6,in_port=3,icmp_type=136,nd_target=fe80::f816:3eff:fe00:aa actions=goto_table:60",
                "table=24, priority=2,icmp6,in_port=3,icmp_type=136,nd_target=fe80::f816:3eff:fe76:4775 actions=goto_table:60",
                "table=25, priority=2,in_port=3,dl_src=fa:16:3e:00:00:aa actions=goto_table:60",
                "table=25, priority=2,in_port=3,dl_src=fa:16:3e:76:47:75 actions=goto_table:60"),
                port3(brInt(t)));
    }

    @Test
    void aZeroPrefixPairLiftsThatFamilysCheckOnlyAsNeutronDoes() {
        SeedTopology t = SeedTopology.seed003();
        t.update("port-test02", p -> SeedTopology.withAddresses(p, p.fixedIps(),
                List.of(new AllowedAddressPair("0.0.0.0/0", null))));
        List<String> flows = port3(brInt(t));
        assertTrue(flows.stream().noneMatch(f -> f.contains("arp")), flows.toString());
        assertTrue(flows.contains("table=0, priority=10,icmp6,in_port=3,icmp_type=136 actions=load:0x3->NXM_NX_REG5[],load:0x1->NXM_NX_REG6[],goto_table:24"));
        assertTrue(flows.contains("table=25, priority=2,in_port=3,dl_src=fa:16:3e:76:47:75 actions=goto_table:60"));

        t.update("port-test02", p -> SeedTopology.withAddresses(p, p.fixedIps(),
                List.of(new AllowedAddressPair("::/0", null))));
        flows = port3(brInt(t));
        assertTrue(flows.stream().noneMatch(f -> f.contains("icmp6")), flows.toString());
        assertTrue(flows.contains("table=0, priority=10,arp,in_port=3 actions=load:0x3->NXM_NX_REG5[],load:0x1->NXM_NX_REG6[],goto_table:24"));
    }

    @Test
    void changingFixedIpsOrPairsChangesExactlyTheirFlows() {
        SeedTopology t = SeedTopology.seed003();
        List<Flow> before = brInt(t);
        t.update("port-test02", p -> SeedTopology.withAddresses(p, List.of(new FixedIp("sub-private", "10.0.0.18")),
                List.of(new AllowedAddressPair("10.0.0.99", null))));
        FlowChanges changes = FlowDiff.between(before, brInt(t));
        assertEquals(List.of("table=24, priority=2,arp,in_port=3,arp_spa=10.0.0.18 actions=goto_table:25",
                        "table=24, priority=2,arp,in_port=3,arp_spa=10.0.0.99 actions=goto_table:25"),
                port3(changes.upserts()));
        assertEquals(List.of("table=24, priority=2,arp,in_port=3,arp_spa=10.0.0.8 actions=goto_table:25"),
                port3(changes.deletes()));
        assertEquals(3, changes.upserts().stream().filter(f -> f.table() <= 25).count()
                + changes.deletes().stream().filter(f -> f.table() <= 25).count());
        assertEquals(List.of("10.0.0.18", "10.0.0.99"), changes.upserts().stream()
                .filter(f -> f.table() == 71).map(f -> f.match().ipv4Src()).toList(), "the firewall's source check follows");

        // ... and on the other nodes, the ARP responder answers for the new address
        Map<String, Integer> vlans = VLANS;
        SeedTopology old = SeedTopology.seed003();
        FlowChanges remote = FlowDiff.between(PipelineCompiler.compile(old.input("node1", vlans)).flows("br-tun"),
                PipelineCompiler.compile(t.input("node1", vlans)).flows("br-tun"));
        assertEquals(List.of("10.0.0.18"), remote.upserts().stream().map(f -> f.match().arpTpa()).toList());
        assertEquals(List.of("10.0.0.8"), remote.deletes().stream().map(f -> f.match().arpTpa()).toList());
    }

    @Test
    void portSecurityDisabledRemovesEveryCheck() {
        SeedTopology t = SeedTopology.seed003();
        t.update("port-test02", p -> SeedTopology.withPortSecurity(p, false));
        assertEquals(List.of("table=0, priority=20,udp,in_port=3,tp_src=68,tp_dst=67 actions=meter:3,CONTROLLER:65535",
                        "table=0, priority=9,in_port=3 actions=" + "load:0x3->NXM_NX_REG5[],load:0x1->NXM_NX_REG6[],goto_table:60"),
                port3(brInt(t)), "only DHCP to the controller; the rest straight past anti-spoofing (60)");
    }
}
