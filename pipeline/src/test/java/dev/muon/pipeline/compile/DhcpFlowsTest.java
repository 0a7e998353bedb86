package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Cookies;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which VIFs get br-int's DHCP-to-controller flow, and that it wins over their other table 0 flows. */
class DhcpFlowsTest {
    private static final Map<String, Integer> VLANS = Map.of("net-private", 1, "net-private2", 2);

    @Test
    void everyVifOnADhcpSubnetSendsItsDhcpRequestsToTheController() {
        List<Flow> flows = brInt(SeedTopology.seed003(), "node2");
        List<Flow> dhcp = dhcpFlows(flows);
        assertEquals(2, dhcp.size(), flows.toString());
        for (Flow f : dhcp) {
            assertTrue(f.match().toOfctl().matches("udp,in_port=\\d+,tp_src=68,tp_dst=67"), f.toString());
            assertEquals(List.of(new Action.UseMeter(f.match().inPort()), Action.controller()), f.actions());
        }
        Flow test02 = dhcpFor(flows, 3);
        assertEquals(Cookies.of(Cookies.Kind.PORT, "port-test02"), test02.cookie(), "the port's cookie");
        // above every other table 0 flow of the same VIF (its ARP and MAC anti-spoofing)
        flows.stream().filter(f -> f.table() == PipelineTable.INT_LOCAL_SWITCHING.number() && f != test02 && Integer.valueOf(3).equals(f.match().inPort()))
                .forEach(f -> assertTrue(test02.priority() > f.priority(), f.toString()));
    }

    @Test
    void noFlowWhereTheSubnetHasDhcpDisabledOrIsIpv6() {
        SeedTopology t = SeedTopology.seed003();
        t.subnets.replaceAll(s -> s.id().equals("sub-private") ? dhcp(s, false) : s);
        t.subnets.add(new Subnet("sub-v6", "v6", "", "proj", "net-private2", 6, "fd00::/64", "fd00::1",
                List.of(new AllocationPool("fd00::2", "fd00::ffff")), true, List.of(), List.of(),
                SeedTopology.T, SeedTopology.T, 1, null, List.of()));
        t.port("port-test03", "net-private2", "sub-v6", "fd00::5", "fa:16:3e:33:33:03", "node2");

        List<Flow> dhcp = dhcpFlows(brInt(t, "node2"));
        assertEquals(List.of(), dhcp, "test02's subnet has DHCP off; test03 has only an IPv6 address");
    }

    @Test
    void aPortWithOneDhcpSubnetAmongOthersGetsTheFlow() {
        SeedTopology t = SeedTopology.seed003();
        t.subnets.replaceAll(s -> s.id().equals("sub-private") ? dhcp(s, false) : s);
        t.subnets.add(new Subnet("sub-extra", "extra", "", "proj", "net-private", 4, "10.9.0.0/24", "10.9.0.1",
                List.of(new AllocationPool("10.9.0.2", "10.9.0.254")), true, List.of(), List.of(),
                SeedTopology.T, SeedTopology.T, 1, null, List.of()));
        Port p = t.port("port-test02", "net-private", "sub-private", "10.0.0.8", "fa:16:3e:76:47:75", "node2");
        t.ports.replaceAll(x -> x.id().equals(p.id()) ? withIps(p, List.of(new FixedIp("sub-private", "10.0.0.8"),
                new FixedIp("sub-extra", "10.9.0.8"))) : x);

        List<Flow> flows = brInt(t, "node2");
        dhcpFor(flows, 3);
    }

    @Test
    void portSecurityOffStillGetsDhcpButAdminDownDoesNot() {
        SeedTopology t = SeedTopology.seed003();
        t.ports.replaceAll(p -> switch (p.id()) {
            case "port-test02" -> copy(p, false, true);
            case "port-test03" -> copy(p, true, false);
            default -> p;
        });
        List<Flow> dhcp = dhcpFlows(brInt(t, "node2"));
        assertEquals(1, dhcp.size(), dhcp.toString());
        assertEquals(3, dhcp.get(0).match().inPort(), "test02 (port security off) is served; test03 (admin down) not");
    }

    @Test
    void eachVifsDhcpPassesItsOwnMeterWhichTheDesiredStateHolds() {
        DesiredState d = PipelineCompiler.compile(SeedTopology.seed003().input("node2", VLANS));
        Flow test02 = dhcpFor(d.flows(Bridges.INTEGRATION), 3);
        assertEquals("meter:3,CONTROLLER:65535", test02.actionsText(), "metered, then up to the controller");
        // one meter per metered flow, id = the VIF's ofport, at the default rate; none elsewhere
        List<Meter> expected = dhcpFlows(d.flows(Bridges.INTEGRATION)).stream()
                .map(f -> new Meter(f.match().inPort(), 100, 50)).toList();
        assertEquals(expected, d.meters(Bridges.INTEGRATION));
        assertEquals("meter=3 pktps burst stats bands=type=drop rate=100 burst_size=50",
                d.meters(Bridges.INTEGRATION).stream().filter(m -> m.id() == 3).findFirst().orElseThrow().toOfctl());
        assertEquals(List.of(), d.meters(Bridges.TUNNEL));
    }

    @Test
    void theMeterRateIsAnInputAndZeroLeavesDhcpUnmetered() {
        CompileInput in = SeedTopology.seed003().input("node2", VLANS);
        DesiredState faster = PipelineCompiler.compile(in.withDhcpMeter(new DhcpMeter(500, 80)));
        assertTrue(faster.meters(Bridges.INTEGRATION).contains(new Meter(3, 500, 80)), faster.meters().toString());
        // only the meter changes: the flow names it by id
        assertEquals(dhcpFor(PipelineCompiler.compile(in).flows(Bridges.INTEGRATION), 3),
                dhcpFor(faster.flows(Bridges.INTEGRATION), 3));

        DesiredState off = PipelineCompiler.compile(in.withDhcpMeter(DhcpMeter.OFF));
        assertEquals(Map.of(), off.meters());
        List<Flow> dhcp = FlowSelection.in(off.flows(Bridges.INTEGRATION), PipelineTable.INT_LOCAL_SWITCHING,
                Priority.DHCP_TO_CONTROLLER);
        assertEquals(2, dhcp.size());
        dhcp.forEach(f -> assertEquals(List.of(Action.controller()), f.actions()));
    }

    @Test
    void aPortWithoutDhcpHasNoMeter() {
        SeedTopology t = SeedTopology.seed003();
        t.subnets.replaceAll(s -> s.id().equals("sub-private") ? dhcp(s, false) : s);
        DesiredState d = PipelineCompiler.compile(t.input("node2", VLANS));
        assertTrue(d.meters(Bridges.INTEGRATION).stream().noneMatch(m -> m.id() == 3), d.meters().toString());
    }

    private static List<Flow> brInt(SeedTopology t, String node) {
        return PipelineCompiler.compile(t.input(node, VLANS)).flows(Bridges.INTEGRATION);
    }

    private static List<Flow> dhcpFlows(List<Flow> flows) {
        List<Flow> dhcp = FlowSelection.in(flows, PipelineTable.INT_LOCAL_SWITCHING, Priority.DHCP_TO_CONTROLLER);
        // every flow of the band, and only those, sends to the controller, through its port's meter
        dhcp.forEach(f -> assertEquals(List.of(new Action.UseMeter(f.match().inPort()), Action.controller()),
                f.actions(), f.toString()));
        assertEquals(flows.stream().filter(f -> f.actions().contains(Action.controller())).count(), dhcp.size());
        return dhcp;
    }

    private static Flow dhcpFor(List<Flow> flows, int ofport) {
        return dhcpFlows(flows).stream().filter(f -> f.match().inPort() == ofport).findFirst()
                .orElseThrow(() -> new AssertionError("no DHCP flow for in_port=" + ofport + " in " + flows));
    }

    private static Subnet dhcp(Subnet s, boolean on) {
        return new Subnet(s.id(), s.name(), s.description(), s.projectId(), s.networkId(), s.ipVersion(), s.cidr(),
                s.gatewayIp(), s.allocationPools(), on, s.dnsNameservers(), s.hostRoutes(), s.createdAt(),
                s.updatedAt(), s.revisionNumber(), s.subnetpoolId(), s.tags());
    }

    private static Port withIps(Port p, List<FixedIp> ips) {
        return new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(), p.macAddress(), ips,
                p.adminStateUp(), p.status(), p.deviceId(), p.deviceOwner(), p.bindingHostId(),
                p.portSecurityEnabled(), p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), p.revisionNumber(),
                p.securityGroups(), p.bindingProfile(), p.tags());
    }

    private static Port copy(Port p, boolean portSecurity, boolean adminUp) {
        return new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(), p.macAddress(), p.fixedIps(),
                adminUp, p.status(), p.deviceId(), p.deviceOwner(), p.bindingHostId(), portSecurity,
                p.allowedAddressPairs(), p.createdAt(), p.updatedAt(), p.revisionNumber(), p.securityGroups(),
                p.bindingProfile(), p.tags());
    }
}
