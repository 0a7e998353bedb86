package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.SecurityGroup;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Security groups as flows (issue 11), on seed 003's node2 (port-test02 ofport 3 on "private", local
 * VLAN 1; port-test03 ofport 7 on "private2", VLAN 2): each rule kind, stateless groups, port
 * security off, no groups, and what a member joining a remote group costs.
 */
class SecurityGroupFlowsTest {
    private static final Map<String, Integer> VLANS = Map.of("net-private", 1, "net-private2", 2);

    private static List<Flow> brInt(SeedTopology t) {
        return PipelineCompiler.compile(t.input("node2", VLANS)).flows("br-int");
    }

    /** ofctl text without cookies of the flows of {@code table} whose text contains every needle. */
    private static List<String> select(List<Flow> flows, int table, String... needles) {
        return dev.muon.pipeline.flow.FlowDump.sorted(flows).stream().filter(f -> f.table() == table)
                .map(f -> f.toOfctl().replaceFirst("cookie=0x[0-9a-f]+, ", ""))
                .filter(s -> java.util.Arrays.stream(needles).allMatch(s::contains)).toList();
    }

    private static SeedTopology withGroup(String group, boolean stateful, UnaryOperator<Port> change) {
        SeedTopology t = SeedTopology.seed003();
        t.securityGroups.add(new SecurityGroup(group, group, "", "proj", stateful, List.of(), SeedTopology.T,
                SeedTopology.T, 1));
        t.update("port-test02", change);
        return t;
    }

    private static Port groups(Port p, String... ids) {
        return new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(), p.macAddress(), p.fixedIps(),
                p.adminStateUp(), p.status(), p.deviceId(), p.deviceOwner(), p.bindingHostId(), p.portSecurityEnabled(),
                p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), p.revisionNumber(), List.of(ids),
                p.bindingProfile(), p.tags());
    }

    @Test
    void portRangesAreTheFewestMaskedMatches() {
        assertEquals(List.of(new PortRangeMasks.Masked(22, 0xffff)), PortRangeMasks.of(22, 22));
        assertEquals(List.of(new PortRangeMasks.Masked(8000, 0xffc0), new PortRangeMasks.Masked(8064, 0xfff0),
                new PortRangeMasks.Masked(8080, 0xffff)), PortRangeMasks.of(8000, 8080));
        assertEquals(List.of(new PortRangeMasks.Masked(0, 0)), PortRangeMasks.of(0, 65535));
        // every port of a range is covered exactly once, and nothing outside it
        for (int[] r : new int[][] {{1, 1023}, {1024, 65535}, {7999, 8081}, {33, 34}}) {
            int covered = 0;
            for (int port = 0; port <= 0xffff; port++) {
                int p = port;
                long n = PortRangeMasks.of(r[0], r[1]).stream().filter(m -> (p & m.mask()) == m.value()).count();
                assertEquals(p >= r[0] && p <= r[1] ? 1 : 0, n, "port " + p + " in " + r[0] + "-" + r[1]);
                covered += (int) n;
            }
            assertEquals(r[1] - r[0] + 1, covered);
        }
    }

    @Test
    void eachRuleKindBecomesItsMatch() {
        SeedTopology t = withGroup("sg-web", true, p -> groups(p, "sg-web"));
        t.rules.add(SeedTopology.rule("r-range", "sg-web", "ingress", "IPv4", "tcp", 8000, 8080, null, null));
        t.rules.add(SeedTopology.rule("r-icmp", "sg-web", "ingress", "IPv4", "icmp", 8, 0, "192.0.2.0/24", null));
        t.rules.add(SeedTopology.rule("r-udp-num", "sg-web", "egress", "IPv4", "17", 53, 53, "10.9.0.0/16", null));
        t.rules.add(SeedTopology.rule("r-v6", "sg-web", "ingress", "IPv6", "icmp", 128, null, null, null));
        t.rules.add(SeedTopology.rule("r-gre", "sg-web", "ingress", "IPv4", "gre", null, null, null, null));
        List<Flow> flows = brInt(t);
        assertEquals(List.of(
                "table=82, priority=74,ct_state=+new-est+trk,tcp,reg5=0x3,tp_dst=0x1f40/0xffc0 actions=ct(commit,zone=NXM_NX_REG6[0..15]),output:3",
                "table=82, priority=74,ct_state=+new-est+trk,tcp,reg5=0x3,tp_dst=0x1f80/0xfff0 actions=ct(commit,zone=NXM_NX_REG6[0..15]),output:3",
                "table=82, priority=74,ct_state=+new-est+trk,tcp,reg5=0x3,tp_dst=8080 actions=ct(commit,zone=NXM_NX_REG6[0..15]),output:3"),
                select(flows, 82, "tcp", "+new"));
        assertEquals(List.of("table=82, priority=74,ct_state=+new-est+trk,icmp,reg5=0x3,nw_src=192.0.2.0/24,icmp_type=8,icmp_code=0 "
                + "actions=ct(commit,zone=NXM_NX_REG6[0..15]),output:3"), select(flows, 82, "icmp,", "+new"));
        assertEquals(List.of("table=72, priority=74,ct_state=+new-est+trk,udp,reg5=0x3,nw_dst=10.9.0.0/16,tp_dst=53 "
                + "actions=ct(commit,zone=NXM_NX_REG6[0..15]),goto_table:73"), select(flows, 72, "udp", "+new"));
        assertEquals(1, select(flows, 82, "icmp6", "icmp_type=128", "+new").size(), "icmp on IPv6 is ICMPv6");
        assertEquals(1, select(flows, 82, "nw_proto=47", "+new").size());
        // every rule also re-checks its established connections' packets in the original direction
        assertEquals(select(flows, 82, "+new", "reg5=0x3").size(), select(flows, 82, "+est-rel-rpl", "reg5=0x3").size());
        // nothing of the default group any more: the port left it
        assertTrue(select(flows, 82, "conjunction", "reg5=0x3").isEmpty());
    }

    @Test
    void aStatelessGroupFiltersWithoutConntrack() {
        SeedTopology t = withGroup("sg-raw", false, p -> groups(p, "sg-raw"));
        t.rules.add(SeedTopology.rule("r-ssh", "sg-raw", "ingress", "IPv4", "tcp", 22, 22, null, null));
        List<Flow> flows = brInt(t);
        assertEquals(List.of("table=82, priority=74,tcp,reg5=0x3,tp_dst=22 actions=output:3"), select(flows, 82, "reg5=0x3"));
        assertEquals(List.of("table=81, priority=90,ip,reg5=0x3 actions=goto_table:82",
                "table=81, priority=90,ipv6,reg5=0x3 actions=goto_table:82"), select(flows, 81, "reg5=0x3", "priority=90"));
        assertTrue(select(flows, 71, "in_port=3", "ct(").isEmpty());
    }

    @Test
    void noGroupsAdmitsNoIpButNeighbourDiscoveryAndDhcpPass() {
        SeedTopology t = SeedTopology.seed003();
        t.update("port-test02", p -> groups(p));
        List<Flow> flows = brInt(t);
        assertTrue(select(flows, 82, "reg5=0x3", "priority=7").isEmpty(), "no rule");
        assertFalse(select(flows, 81, "arp,reg5=0x3", "output:3").isEmpty());
        assertFalse(select(flows, 71, "udp,in_port=3,tp_src=68,tp_dst=67", "goto_table:73").isEmpty());
        assertFalse(select(flows, 82, "ct_state=-est+trk,reg5=0x3", "drop").isEmpty());
    }

    @Test
    void portSecurityOffLiftsAllFiltering() {
        SeedTopology t = SeedTopology.seed003();
        t.update("port-test02", p -> groups(SeedTopology.withPortSecurity(p, false)));
        List<Flow> flows = brInt(t);
        for (int table : List.of(60, 71, 72, 73, 81, 82)) {
            assertTrue(select(flows, table, "=0x3").isEmpty() && select(flows, table, "in_port=3").isEmpty()
                    && select(flows, table, "fa:16:3e:76:47:75").isEmpty(), "table " + table);
        }
        // a positive control: the port next to it keeps its filtering
        assertFalse(select(flows, 60, "in_port=7").isEmpty(), "the other port is still filtered");
    }

    @Test
    void ipSourcesAreTheFixedIpsAndAllowedPairs() {
        SeedTopology t = SeedTopology.seed003();
        t.update("port-test02", p -> SeedTopology.withAddresses(p, List.of(new FixedIp("sub-private", "10.0.0.8")),
                List.of(new AllowedAddressPair("10.0.0.100", null), new AllowedAddressPair("10.9.0.0/16", "fa:16:3e:00:00:aa"))));
        assertEquals(List.of(
                "table=71, priority=65,ip,in_port=3,dl_src=fa:16:3e:00:00:aa,nw_src=10.9.0.0/16 actions=ct(table=72,zone=NXM_NX_REG6[0..15])",
                "table=71, priority=65,ip,in_port=3,dl_src=fa:16:3e:76:47:75,nw_src=10.0.0.100 actions=ct(table=72,zone=NXM_NX_REG6[0..15])",
                "table=71, priority=65,ip,in_port=3,dl_src=fa:16:3e:76:47:75,nw_src=10.0.0.8 actions=ct(table=72,zone=NXM_NX_REG6[0..15])"),
                select(brInt(t), 71, "ip,in_port=3"));
    }

    @Test
    void aMemberJoiningARemoteGroupChangesOneFlowPerTable() {
        SeedTopology before = SeedTopology.seed003();
        before.securityGroups.add(new SecurityGroup("sg-db", "db", "", "proj", true, List.of(), SeedTopology.T,
                SeedTopology.T, 1));
        before.rules.add(SeedTopology.rule("r-db", SeedTopology.DEFAULT_GROUP, "ingress", "IPv4", "tcp", 5432, 5432,
                null, "sg-db"));
        SeedTopology after = SeedTopology.seed003();
        after.securityGroups.addAll(before.securityGroups.subList(1, 2));
        after.rules.add(before.rules.get(before.rules.size() - 1));
        // port-test01 (node1, 10.0.0.7) joins sg-db
        after.update("port-test01", p -> groups(p, SeedTopology.DEFAULT_GROUP, "sg-db"));
        FlowChanges c = FlowDiff.between(brInt(before), brInt(after));
        // node2's two filtered ports, on two networks, refer to sg-db: still one member flow
        assertEquals(List.of("table=82, priority=70,ip,nw_src=10.0.0.7 actions=conjunction("),
                c.upserts().stream().map(f -> f.toOfctl().replaceFirst("cookie=0x[0-9a-f]+, ", ""))
                        .map(s -> s.substring(0, s.indexOf("conjunction(") + "conjunction(".length())).toList());
        assertTrue(c.deletes().isEmpty());
    }

    @Test
    void twoPortsSharingAPairMacStillCompile() {
        SeedTopology t = SeedTopology.seed003();
        t.port("port-twin", "net-private", "sub-private", "10.0.0.9", "fa:16:3e:76:47:75", "node2");
        t.plug("node2", SeedTopology.iface("tap-twin", "br-int", 9, Map.of("iface-id", "port-twin")));
        assertEquals(1, select(brInt(t), 60, "dl_dst=fa:16:3e:76:47:75").size());
    }
}
