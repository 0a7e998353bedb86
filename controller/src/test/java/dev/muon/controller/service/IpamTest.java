package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address math, default pools and gateways, pool checks and allocation order. */
class IpamTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void cidrParsingIsStrict() {
        Cidr c = Cidr.parse("10.0.0.0/24");
        assertEquals("10.0.0.0/24", c.toString());
        assertEquals(4, c.version());
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.5/24"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("banana/24"));
        assertEquals("fd00::/64", Cidr.parse("FD00:0::/64").toString());
        assertTrue(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("10.1.0.0/16")));
    }

    @Test
    void ipv4DefaultsExcludeNetworkBroadcastAndGateway() {
        Cidr c = Cidr.parse("10.0.0.0/24");
        assertEquals("10.0.0.1", AllocationPools.defaultGateway(c));
        assertEquals(List.of(new AllocationPool("10.0.0.2", "10.0.0.254")), AllocationPools.defaults(c, "10.0.0.1"));
        assertEquals(List.of(new AllocationPool("10.0.0.1", "10.0.0.254")), AllocationPools.defaults(c, null));
        // A gateway in the middle splits the pool.
        assertEquals(List.of(new AllocationPool("10.0.0.1", "10.0.0.99"), new AllocationPool("10.0.0.101", "10.0.0.254")),
                AllocationPools.defaults(c, "10.0.0.100"));
        // A /31 or /32 has no host addresses in Neutron's sense.
        assertEquals(List.of(), AllocationPools.defaults(Cidr.parse("10.0.0.0/31"), null));
        assertNull(AllocationPools.defaultGateway(Cidr.parse("10.0.0.0/32")));
    }

    @Test
    void ipv6DefaultsKeepTheLastAddress() {
        Cidr c = Cidr.parse("fd00:1::/64");
        assertEquals("fd00:1::1", AllocationPools.defaultGateway(c));
        assertEquals(List.of(new AllocationPool("fd00:1::2", "fd00:1::ffff:ffff:ffff:ffff")),
                AllocationPools.defaults(c, "fd00:1::1"));
    }

    @Test
    void givenPoolsAreChecked() {
        Cidr c = Cidr.parse("10.0.0.0/24");
        assertEquals(List.of(new AllocationPool("10.0.0.10", "10.0.0.20")),
                AllocationPools.validate(c, List.of(new AllocationPool("10.0.0.10", "10.0.0.20")), "10.0.0.1"));
        assertType("InvalidAllocationPool", () -> AllocationPools.validate(c,
                List.of(new AllocationPool("10.0.0.20", "10.0.0.10")), null));
        assertType("InvalidAllocationPool", () -> AllocationPools.validate(c,
                List.of(new AllocationPool("x", "10.0.0.10")), null));
        assertType("OutOfBoundsAllocationPool", () -> AllocationPools.validate(c,
                List.of(new AllocationPool("10.0.0.200", "10.0.1.10")), null));
        assertType("OutOfBoundsAllocationPool", () -> AllocationPools.validate(c,
                List.of(new AllocationPool("10.0.0.0", "10.0.0.10")), null));
        assertType("OutOfBoundsAllocationPool", () -> AllocationPools.validate(c,
                List.of(new AllocationPool("10.0.0.250", "10.0.0.255")), null));
        assertType("OverlappingAllocationPools", () -> AllocationPools.validate(c,
                List.of(new AllocationPool("10.0.0.10", "10.0.0.20"), new AllocationPool("10.0.0.20", "10.0.0.30")),
                null));
        assertType("GatewayConflictWithAllocationPools", () -> AllocationPools.validate(c,
                List.of(new AllocationPool("10.0.0.1", "10.0.0.20")), "10.0.0.1"));
    }

    @Test
    void allocatesLowestFreeFromPoolsAndReusesFreedAddresses() {
        Subnet s = subnet("10.0.0.0/29", List.of(new AllocationPool("10.0.0.2", "10.0.0.4")));
        NetworkModel m = NetworkModel.of(List.of(), List.of(s), List.of());
        SubnetAllocator a = new SubnetAllocator(m, s, null);
        assertEquals("10.0.0.2", a.allocate().orElseThrow());
        assertEquals("10.0.0.3", a.allocate().orElseThrow());
        assertEquals("10.0.0.4", a.allocate().orElseThrow());
        assertTrue(a.allocate().isEmpty(), "exhausted");

        // Addresses held by ports are skipped; once the port is gone its address is free again.
        Port holder = port("p1", new FixedIp(s.id(), "10.0.0.2"));
        NetworkModel withPort = m.withPort(holder);
        assertEquals("10.0.0.3", new SubnetAllocator(withPort, s, null).allocate().orElseThrow());
        assertEquals("10.0.0.2", new SubnetAllocator(withPort.withoutPort("p1"), s, null).allocate().orElseThrow());
        // The port being updated does not conflict with itself.
        assertEquals("10.0.0.2", new SubnetAllocator(withPort, s, "p1").allocate().orElseThrow());
    }

    @Test
    void allocatesIpv6() {
        Cidr c = Cidr.parse("2001:db8::/64");
        Subnet s = subnet("2001:db8::/64", AllocationPools.defaults(c, AllocationPools.defaultGateway(c)));
        SubnetAllocator a = new SubnetAllocator(NetworkModel.of(List.of(), List.of(s), List.of()), s, null);
        assertEquals("2001:db8::2", a.allocate().orElseThrow());
        assertEquals("2001:db8::3", a.allocate().orElseThrow());
    }

    @Test
    void portIpamHonoursRequestsAndKeepsAddressesOnUpdate() {
        Subnet s = subnet("10.0.0.0/24", List.of(new AllocationPool("10.0.0.2", "10.0.0.254")));
        NetworkModel m = NetworkModel.of(List.of(), List.of(s), List.of(port("p1", new FixedIp(s.id(), "10.0.0.2"))));
        Ipam ipam = new Ipam(m, "net", null);
        assertEquals(List.of(new FixedIp(s.id(), "10.0.0.3")), ipam.automatic());
        assertType("IpAddressAlreadyAllocated", () -> new Ipam(m, "net", null)
                .requested(List.of(new FixedIp(null, "10.0.0.2")), List.of()));
        assertType("InvalidIpForSubnet", () -> new Ipam(m, "net", null)
                .requested(List.of(new FixedIp(s.id(), "10.0.1.2")), List.of()));
        assertType("InvalidIpForSubnet", () -> new Ipam(m, "net", null)
                .requested(List.of(new FixedIp(s.id(), "10.0.0.255")), List.of()));
        assertType("InvalidIpForNetwork", () -> new Ipam(m, "net", null)
                .requested(List.of(new FixedIp(null, "192.168.0.5")), List.of()));
        assertType("IpAddressAlreadyAllocated", () -> new Ipam(m, "net", null)
                .requested(List.of(new FixedIp(null, "10.0.0.9"), new FixedIp(s.id(), "10.0.0.9")), List.of()));
        // The gateway may be asked for explicitly (a router port), never handed out automatically.
        assertEquals(List.of(new FixedIp(s.id(), "10.0.0.1")),
                new Ipam(m, "net", null).requested(List.of(new FixedIp(s.id(), "10.0.0.1")), List.of()));
        // Update: a subnet-only entry keeps the port's address there.
        assertEquals(List.of(new FixedIp(s.id(), "10.0.0.2")), new Ipam(m, "net", "p1")
                .requested(List.of(new FixedIp(s.id(), null)), List.of(new FixedIp(s.id(), "10.0.0.2"))));
        assertEquals(List.of(new FixedIp(s.id(), "10.0.0.2"), new FixedIp(s.id(), "10.0.0.3")),
                new Ipam(m, "net", "p1").requested(List.of(new FixedIp(s.id(), null), new FixedIp(s.id(), null)),
                        List.of(new FixedIp(s.id(), "10.0.0.2"))));
    }

    @Test
    void exhaustedNetworkAndSubnetAreConflicts() {
        Subnet s = subnet("10.0.0.0/30", List.of(new AllocationPool("10.0.0.2", "10.0.0.2")));
        NetworkModel m = NetworkModel.of(List.of(), List.of(s), List.of(port("p1", new FixedIp(s.id(), "10.0.0.2"))));
        NeutronException e = assertThrows(NeutronException.class, () -> new Ipam(m, "net", null).automatic());
        assertEquals(409, e.status());
        assertEquals("IpAddressGenerationFailure", e.type());
        assertType("IpAddressGenerationFailure", () -> new Ipam(m, "net", null)
                .requested(List.of(new FixedIp(s.id(), null)), List.of()));
    }

    static void assertType(String type, Runnable r) {
        NeutronException e = assertThrows(NeutronException.class, r::run);
        assertEquals(type, e.type(), e.getMessage());
    }

    private static Subnet subnet(String cidr, List<AllocationPool> pools) {
        return new Subnet("sub-" + cidr, "", "", "p", "net", Cidr.parse(cidr).version(), cidr,
                AllocationPools.defaultGateway(Cidr.parse(cidr)), pools, true, List.of(), List.of(), T, T, 1, null,
                List.of());
    }

    private static Port port(String id, FixedIp ip) {
        return new Port(id, "", "", "p", "net", "fa:16:3e:00:00:01", List.of(ip), true, "DOWN", "", "", "", true,
                List.of(), T, T, 1, List.of(), Map.of(), List.of());
    }
}
