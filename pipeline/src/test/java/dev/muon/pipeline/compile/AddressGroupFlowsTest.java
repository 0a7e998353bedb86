package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.model.AddressGroup;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SecurityGroupRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules naming a remote address group, on seed 003's node2 (port-test02, ofport 3, in group "sg-web"):
 * a conjunction whose clause 1 is the group's CIDRs of the rule's ethertype, and what adding or
 * removing an address costs.
 */
class AddressGroupFlowsTest {
    private static final Map<String, Integer> VLANS = Map.of("net-private", 1, "net-private2", 2);

    private static List<Flow> brInt(SeedTopology t) {
        return PipelineCompiler.compile(t.input("node2", VLANS)).flows("br-int");
    }

    /** ofctl text without cookies, conjunction ids replaced by X, of the flows of {@code table} containing every needle. */
    private static List<String> select(List<Flow> flows, int table, String... needles) {
        return dev.muon.pipeline.flow.FlowDump.sorted(flows).stream().filter(f -> f.table() == table)
                .map(f -> f.toOfctl().replaceFirst("cookie=0x[0-9a-f]+, ", "")
                        .replaceAll("conjunction\\(\\d+,", "conjunction(X,").replaceAll("conj_id=\\d+", "conj_id=X"))
                .filter(s -> java.util.Arrays.stream(needles).allMatch(s::contains)).toList();
    }

    /** The flows of {@code table} that the address group owns (its CIDRs, clause 1), as {@link #select} shows them. */
    private static List<String> cidrs(List<Flow> flows, int table) {
        long cookie = dev.muon.pipeline.flow.Cookies.of(dev.muon.pipeline.flow.Cookies.Kind.ADDRESS_GROUP, "ag-office");
        return select(flows.stream().filter(f -> f.cookie() == cookie).toList(), table);
    }

    private static SeedTopology web(List<String> addresses) {
        SeedTopology t = SeedTopology.seed003();
        t.securityGroups.add(new SecurityGroup("sg-web", "web", "", "proj", true, List.of(), SeedTopology.T,
                SeedTopology.T, 1));
        t.addressGroups.add(new AddressGroup("ag-office", "office", "", "proj", addresses, SeedTopology.T,
                SeedTopology.T, 1));
        t.rules.add(rule("r-ssh", "ingress", "IPv4", "tcp", 22));
        t.rules.add(rule("r-v6", "ingress", "IPv6", null, null));
        t.rules.add(rule("r-out", "egress", "IPv4", "udp", 53));
        t.update("port-test02", p -> new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(),
                p.macAddress(), p.fixedIps(), p.adminStateUp(), p.status(), p.deviceId(), p.deviceOwner(),
                p.bindingHostId(), p.portSecurityEnabled(), p.allowedAddressPairs(), p.createdAt(), p.updatedAt(),
                p.revisionNumber(), List.of("sg-web"), p.bindingProfile(), p.tags()));
        return t;
    }

    private static SecurityGroupRule rule(String id, String direction, String ethertype, String protocol, Integer port) {
        return new SecurityGroupRule(id, "sg-web", "proj", "", direction, ethertype, protocol, port, port, null, null,
                SeedTopology.T, SeedTopology.T, 1, "ag-office");
    }

    @Test
    void theGroupsCidrsAreClauseOneOfTheRulesConjunction() {
        List<Flow> flows = brInt(web(List.of("10.20.0.0/16", "192.0.2.7/32", "2001:db8::/64")));
        assertEquals(List.of(
                "table=82, priority=70,ip,nw_src=10.20.0.0/16 actions=conjunction(X,1/2)",
                "table=82, priority=70,ip,nw_src=192.0.2.7 actions=conjunction(X,1/2)",
                "table=82, priority=70,ipv6,ipv6_src=2001:db8::/64 actions=conjunction(X,1/2)"),
                cidrs(flows, 82));
        assertEquals(List.of(
                "table=82, priority=70,ipv6,reg5=0x3 actions=conjunction(X,2/2)",
                "table=82, priority=70,tcp,reg5=0x3,tp_dst=22 actions=conjunction(X,2/2)"),
                select(flows, 82, "reg5=0x3", "conjunction("));
        assertEquals(List.of(
                "table=82, priority=70,conj_id=X,ct_state=+est-rel-rpl+trk,ip actions=output:NXM_NX_REG5[]",
                "table=82, priority=70,conj_id=X,ct_state=+new-est+trk,ip "
                        + "actions=ct(commit,zone=NXM_NX_REG6[0..15]),output:NXM_NX_REG5[]"),
                select(flows.stream().filter(f -> f.cookie() == dev.muon.pipeline.flow.Cookies.of(
                        dev.muon.pipeline.flow.Cookies.Kind.SECURITY_GROUP, "sg-web")).toList(), 82, "conj_id=X", ",ip "));
        // egress: the group's addresses are destinations, of IPv4 only for an IPv4 rule
        assertEquals(List.of(
                "table=72, priority=70,ip,nw_dst=10.20.0.0/16 actions=conjunction(X,1/2)",
                "table=72, priority=70,ip,nw_dst=192.0.2.7 actions=conjunction(X,1/2)"),
                cidrs(flows, 72));
        assertEquals(List.of("table=72, priority=70,udp,reg5=0x3,tp_dst=53 actions=conjunction(X,2/2)"),
                select(flows, 72, "reg5=0x3", "conjunction("));
        // (no IPv6 egress rule names the group: no ipv6_dst clause in 72)
    }

    @Test
    void addingOrRemovingAnAddressChangesOneFlowPerTableThatUsesIt() {
        List<Flow> before = brInt(web(List.of("10.20.0.0/16")));
        List<Flow> added = brInt(web(List.of("10.20.0.0/16", "198.51.100.0/24")));
        FlowChanges c = FlowDiff.between(before, added);
        assertEquals(List.of(
                "table=72, priority=70,ip,nw_dst=198.51.100.0/24 actions=conjunction(X,1/2)",
                "table=82, priority=70,ip,nw_src=198.51.100.0/24 actions=conjunction(X,1/2)"),
                c.upserts().stream().map(f -> f.toOfctl().replaceFirst("cookie=0x[0-9a-f]+, ", "")
                        .replaceAll("conjunction\\(\\d+,", "conjunction(X,")).sorted().toList());
        assertTrue(c.deletes().isEmpty());
        FlowChanges removed = FlowDiff.between(added, before);
        assertEquals(2, removed.deletes().size());
        assertTrue(removed.upserts().isEmpty());
    }

    @Test
    void anEmptyGroupAdmitsNothingAndASlashZeroAdmitsTheWholeFamily() {
        List<Flow> empty = brInt(web(List.of()));
        assertTrue(cidrs(empty, 82).isEmpty());
        assertEquals(1, select(empty, 82, "conjunction(X,2/2)", "tcp").size(), "the port's clause stays, alone");
        List<Flow> all = brInt(web(List.of("0.0.0.0/0")));
        assertEquals(List.of("table=82, priority=70,ip actions=conjunction(X,1/2)"),
                cidrs(all, 82));
    }
}
