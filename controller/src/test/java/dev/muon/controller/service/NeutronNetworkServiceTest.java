package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.NetworkRequest;
import dev.muon.northbound.NetworkView;
import dev.muon.northbound.PortRequest;
import dev.muon.northbound.SubnetRequest;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static dev.muon.controller.service.IpamTest.assertType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The service's Neutron rules, end to end over an in-memory store. */
class NeutronNetworkServiceTest {
    private final ModelStore store = ModelStore.inMemory();
    private final NeutronNetworkService service = new NeutronNetworkService(store,
            new ServiceConfig(1000, 1999, "default-project", Map.of("physnet1", new VlanRange(100, 199))),
            new TickingClock(), new Random(7));

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void networkDefaults() {
        NetworkView v = service.createNetwork(NetworkRequest.named("net1"));
        assertEquals("net1", v.network().name());
        assertEquals("default-project", v.network().projectId());
        assertEquals(NetworkType.VXLAN, v.network().networkType());
        assertEquals(1000, v.network().segmentationId());
        assertEquals(1450, v.network().mtu());
        assertEquals("ACTIVE", v.network().status());
        assertTrue(v.network().adminStateUp());
        assertFalse(v.network().shared());
        assertEquals(1, v.network().revisionNumber());
        assertEquals(List.of(), v.subnetIds());
        assertEquals(1001, service.createNetwork(NetworkRequest.named("net2")).network().segmentationId());
    }

    @Test
    void providerNetworksGet1500AndCannotChangeSegment() {
        NetworkView vlan = service.createNetwork(new NetworkRequest("v", null, "proj", null, null, true, "vlan",
                "physnet1", null, null, null, null, null));
        assertEquals(100, vlan.network().segmentationId());
        assertEquals(1500, vlan.network().mtu());
        assertEquals("proj", vlan.network().projectId());
        assertTrue(vlan.network().external());
        String id = vlan.network().id();
        assertType("InvalidInput", () -> service.updateNetwork(id, new NetworkRequest(null, null, null, null, null,
                null, null, null, 150, null, null, null, null)));
        assertType("InvalidInput", () -> service.updateNetwork(id, new NetworkRequest(null, null, null, null, null,
                null, null, null, null, 9000, null, null, null)));
        NetworkView updated = service.updateNetwork(id, new NetworkRequest("renamed", null, null, false, null, null,
                null, null, 100, 1400, null, null, null));
        assertEquals("renamed", updated.network().name());
        assertEquals(1400, updated.network().mtu());
        assertEquals(2, updated.network().revisionNumber());
        assertTrue(updated.network().updatedAt().isAfter(updated.network().createdAt()));
        // An update that changes nothing does not bump the revision.
        assertEquals(2, service.updateNetwork(id, NetworkRequest.named("renamed")).network().revisionNumber());
    }

    @Test
    void subnetDefaultsAndNetworkSubnets() {
        String net = network();
        Subnet s = service.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
        assertEquals(4, s.ipVersion());
        assertEquals("10.0.0.1", s.gatewayIp());
        assertEquals(List.of(new AllocationPool("10.0.0.2", "10.0.0.254")), s.allocationPools());
        assertTrue(s.enableDhcp());
        NetworkView v = service.getNetwork(net);
        assertEquals(List.of(s.id()), v.subnetIds());
        assertEquals(2, v.network().revisionNumber(), "adding a subnet revises its network");
    }

    @Test
    void subnetWithoutGateway() {
        String net = network();
        Subnet s = service.createSubnet(new SubnetRequest(null, null, null, net, 4, "10.0.0.0/24", Optional.empty(),
                null, false, List.of("8.8.8.8"), null, null, null, null, null, null, null));
        assertNull(s.gatewayIp());
        assertEquals(List.of(new AllocationPool("10.0.0.1", "10.0.0.254")), s.allocationPools());
        assertEquals(List.of("8.8.8.8"), s.dnsNameservers());
    }

    @Test
    void badSubnetsAreRefused() {
        String net = network();
        assertType("NetworkNotFound", () -> service.createSubnet(SubnetRequest.of("nope", "10.0.0.0/24")));
        assertType("HTTPBadRequest", () -> service.createSubnet(SubnetRequest.of(net, "10.0.0.0/33")));
        assertType("HTTPBadRequest", () -> service.createSubnet(SubnetRequest.of(net, "10.0.0.1/24")));
        assertType("HTTPBadRequest", () -> service.createSubnet(SubnetRequest.of(null, "10.0.0.0/24")));
        assertType("BadRequest", () -> service.createSubnet(SubnetRequest.of(net, null)));
        assertType("InvalidInput", () -> service.createSubnet(new SubnetRequest(null, null, null, net, 6,
                "10.0.0.0/24", null, null, null, null, null, null, null, null, null, null, null)));
        assertType("InvalidInput", () -> service.createSubnet(new SubnetRequest(null, null, null, net, null,
                "10.0.0.0/24", Optional.of("10.0.0.255"), null, null, null, null, null, null, null, null, null, null)));
        assertType("HTTPBadRequest", () -> service.createSubnet(new SubnetRequest(null, null, null, net, null,
                "10.0.0.0/24", null, null, null, List.of("8.8.8.8", "8.8.8.8"), null, null, null, null, null, null, null)));
        // IPv6 modes must agree when both are given (Neutron's check); each alone is fine.
        assertType("InvalidInput", () -> service.createSubnet(new SubnetRequest(null, null, null, net, null,
                "fd00::/64", null, null, null, null, null, "slaac", "dhcpv6-stateful", null, null, null, null)));
        service.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
        assertType("InvalidInput", () -> service.createSubnet(SubnetRequest.of(net, "10.0.0.128/25")));
        assertEquals(1, service.subnets().list(service.noAuthContext()).size());
    }

    @Test
    void portsGetAddressesMacsAndStartDown() {
        String net = network();
        Subnet s = service.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
        Port p = service.createPort(PortRequest.on(net));
        assertEquals(List.of(new FixedIp(s.id(), "10.0.0.2")), p.fixedIps());
        assertTrue(p.macAddress().startsWith("fa:16:3e:"));
        assertEquals("DOWN", p.status());
        assertEquals("", p.bindingHostId());
        assertEquals("default-project", p.projectId());
        Port q = service.createPort(PortRequest.on(net).withFixedIps(List.of(new FixedIp(s.id(), "10.0.0.50"))));
        assertEquals("10.0.0.50", q.fixedIps().get(0).ipAddress());
        assertEquals("10.0.0.3", service.createPort(PortRequest.on(net)).fixedIps().get(0).ipAddress());
        // Freed addresses come back.
        service.deletePort(p.id());
        assertEquals("10.0.0.2", service.createPort(PortRequest.on(net)).fixedIps().get(0).ipAddress());
    }

    @Test
    void dualStackPortGetsOneAddressPerVersion() {
        String net = network();
        Subnet v6 = service.createSubnet(SubnetRequest.of(net, "fd00:1::/64"));
        Subnet v4 = service.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
        Port p = service.createPort(PortRequest.on(net));
        assertEquals(List.of(new FixedIp(v4.id(), "10.0.0.2"), new FixedIp(v6.id(), "fd00:1::2")), p.fixedIps());
        Port q = service.createPort(PortRequest.on(net).withFixedIps(List.of(new FixedIp(null, "FD00:1:0::9"))));
        assertEquals(List.of(new FixedIp(v6.id(), "fd00:1::9")), q.fixedIps());
    }

    @Test
    void badPortsAreRefusedWithoutLeavingAnything() {
        String net = network();
        Subnet s = service.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
        Port p = service.createPort(PortRequest.on(net).withFixedIps(List.of(new FixedIp(s.id(), "10.0.0.5"))));
        long version = store.version();
        NetworkModel before = store.snapshot();

        assertType("NetworkNotFound", () -> service.createPort(PortRequest.on("nope")));
        assertType("HTTPBadRequest", () -> service.createPort(PortRequest.on(null)));
        assertType("IpAddressAlreadyAllocated", () -> service.createPort(PortRequest.on(net)
                .withFixedIps(List.of(new FixedIp(s.id(), "10.0.0.5")))));
        // The first address is free, the second taken: the port is refused as a whole.
        assertType("IpAddressAlreadyAllocated", () -> service.createPort(PortRequest.on(net)
                .withFixedIps(List.of(new FixedIp(s.id(), "10.0.0.6"), new FixedIp(s.id(), "10.0.0.5")))));
        assertType("InvalidIpForSubnet", () -> service.createPort(PortRequest.on(net)
                .withFixedIps(List.of(new FixedIp(s.id(), "192.168.1.1")))));
        assertType("HTTPBadRequest", () -> service.createPort(PortRequest.on(net)
                .withFixedIps(List.of(new FixedIp(s.id(), "not-an-ip")))));
        assertType("SubnetNotFound", () -> service.createPort(PortRequest.on(net)
                .withFixedIps(List.of(new FixedIp("missing", null)))));
        assertType("MacAddressInUse", () -> service.createPort(PortRequest.on(net).withMacAddress(p.macAddress())));
        assertType("HTTPBadRequest", () -> service.createPort(PortRequest.on(net).withMacAddress("zz:zz")));
        assertType("SecurityGroupNotFound", () -> service.createPort(new PortRequest(null, null, null, net, null, null,
                null, null, null, null, null, null, null, List.of("web"), null, null)));
        assertType("AddressPairAndPortSecurityRequired", () -> service.createPort(new PortRequest(null, null, null,
                net, null, null, null, null, null, null, null, false,
                List.of(new AllowedAddressPair("10.0.0.99", null)), null, null, null)));
        assertType("InvalidInput", () -> service.createPort(new PortRequest(null, null, null, net, null, null, null,
                null, null, null, "direct", null, null, null, null, null)));

        assertEquals(version, store.version(), "refused requests commit nothing");
        assertSame(before, store.snapshot());
        assertEquals("10.0.0.6", service.createPort(PortRequest.on(net)
                .withFixedIps(List.of(new FixedIp(s.id(), "10.0.0.6")))).fixedIps().get(0).ipAddress());
    }

    @Test
    void otherNetworksSubnetIsInvalidForAPort() {
        String a = network();
        String b = network();
        Subnet sb = service.createSubnet(SubnetRequest.of(b, "10.0.0.0/24"));
        assertType("InvalidInput", () -> service.createPort(PortRequest.on(a)
                .withFixedIps(List.of(new FixedIp(sb.id(), null)))));
    }

    @Test
    void exhaustionIsAConflict() {
        String net = network();
        service.createSubnet(SubnetRequest.of(net, "10.0.0.0/30"));
        service.createPort(PortRequest.on(net));
        assertType("IpAddressGenerationFailure", () -> service.createPort(PortRequest.on(net)));
    }

    @Test
    void portUpdateKeepsOrChangesAddresses() {
        String net = network();
        Subnet s = service.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
        Port p = service.createPort(PortRequest.on(net));
        PortRequest rename = new PortRequest("web", null, null, null, null, null, null, "vm-1", "compute:nova",
                null, null, null, null, null, null, null);
        Port renamed = service.updatePort(p.id(), rename);
        assertEquals("web", renamed.name());
        assertEquals("compute:nova", renamed.deviceOwner());
        assertEquals(p.fixedIps(), renamed.fixedIps());
        assertEquals(2, renamed.revisionNumber());
        Port moved = service.updatePort(p.id(), PortRequest.on(null)
                .withFixedIps(List.of(new FixedIp(s.id(), "10.0.0.77"))));
        assertEquals(List.of(new FixedIp(s.id(), "10.0.0.77")), moved.fixedIps());
        // The old address is free again.
        assertEquals("10.0.0.2", service.createPort(PortRequest.on(net)).fixedIps().get(0).ipAddress());
    }

    @Test
    void bindingComesFromTheController() {
        String net = network();
        Port p = service.createPort(PortRequest.on(net));
        service.setPortBinding(p.id(), "node1", true);
        Port bound = service.getPort(p.id());
        assertEquals("ACTIVE", bound.status());
        assertEquals("node1", bound.bindingHostId());
        assertEquals(2, bound.revisionNumber());
        long version = store.version();
        service.setPortBinding(p.id(), "node1", true);
        service.setPortBinding("unknown-port", "node1", true);
        assertEquals(version, store.version(), "no-op bindings commit nothing");
        assertType("PortBound", () -> service.updatePort(p.id(), PortRequest.on(null).withMacAddress("fa:16:3e:00:00:09")));
        service.setPortBinding(p.id(), "", false);
        assertEquals("DOWN", service.getPort(p.id()).status());
        assertFalse(service.getPort(p.id()).isBound());
    }

    @Test
    void aPassesBindingsAreOneCommit() {
        String net = network();
        List<Port> ports = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ports.add(service.createPort(PortRequest.on(net)));
        }
        long version = store.version();
        List<StatusBatch.Binding> bindings = ports.stream()
                .map(p -> new StatusBatch.Binding(p.id(), "node1", true)).toList();
        service.write(new StatusBatch(bindings, List.of(), List.of(), List.of(), m -> List.of()));
        assertEquals(version + 1, store.version(), "five bindings, one commit");
        for (Port p : ports) {
            assertEquals("ACTIVE", service.getPort(p.id()).status());
            assertEquals("node1", service.getPort(p.id()).bindingHostId());
        }
        // what already reads so, or no longer exists, commits nothing
        service.write(new StatusBatch(List.of(bindings.get(0), new StatusBatch.Binding("gone", "node1", true)),
                List.of(new StatusBatch.Status("no-such-trunk", "ACTIVE")), List.of(), List.of(), m -> List.of()));
        assertEquals(version + 1, store.version());
        // follow-ups see the batch applied: here, unbind whatever the batch bound
        service.write(new StatusBatch(List.of(), List.of(), List.of(), List.of(), m -> m.ports().values().stream()
                .filter(Port::isBound).map(p -> new StatusBatch.Binding(p.id(), "", false)).toList()));
        assertEquals(version + 2, store.version());
        assertTrue(ports.stream().noneMatch(p -> service.getPort(p.id()).isBound()));
    }

    @Test
    void deletesRespectWhatIsInUse() {
        String net = network();
        Subnet s = service.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
        Port p = service.createPort(PortRequest.on(net));
        assertType("NetworkInUse", () -> service.deleteNetwork(net));
        assertType("SubnetInUse", () -> service.deleteSubnet(s.id()));
        service.deletePort(p.id());
        assertType("PortNotFound", () -> service.deletePort(p.id()));
        service.deleteNetwork(net);
        assertTrue(store.snapshot().subnets().isEmpty(), "a network's subnets go with it");
        assertType("NetworkNotFound", () -> service.getNetwork(net));
        assertType("SubnetNotFound", () -> service.subnets().get(service.noAuthContext(), s.id()));
    }

    @Test
    void subnetUpdateChecksGatewayAndPools() {
        String net = network();
        Subnet s = service.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
        Port p = service.createPort(PortRequest.on(net).withFixedIps(List.of(new FixedIp(s.id(), "10.0.0.1"))));
        SubnetRequest newGateway = new SubnetRequest(null, null, null, null, null, null, Optional.of("10.0.0.2"),
                null, null, null, null, null, null, null, null, null, null);
        assertType("GatewayConflictWithAllocationPools", () -> service.updateSubnet(s.id(), newGateway));
        Subnet shrunk = service.updateSubnet(s.id(), new SubnetRequest("s", null, null, null, null, null,
                Optional.of("10.0.0.254"), List.of(new AllocationPool("10.0.0.10", "10.0.0.20")), null, null, null,
                null, null, null, null, null, null));
        assertEquals("10.0.0.254", shrunk.gatewayIp());
        assertEquals(List.of(new AllocationPool("10.0.0.10", "10.0.0.20")), shrunk.allocationPools());
        assertEquals(List.of(new FixedIp(s.id(), "10.0.0.1")), service.getPort(p.id()).fixedIps());
        assertEquals("10.0.0.10", service.createPort(PortRequest.on(net)).fixedIps().get(0).ipAddress());
        // Moving the gateway onto an address a VM holds is refused.
        assertType("GatewayIpInUse", () -> service.updateSubnet(s.id(), new SubnetRequest(null, null, null, null,
                null, null, Optional.of("10.0.0.1"), null, null, null, null, null, null, null, null, null, null)));
    }

    @Test
    void portsDefaultToTheirNetworksPortSecurity() {
        String net = service.createNetwork(new NetworkRequest("open", null, null, null, null, null, null, null, null,
                null, false, null, null)).network().id();
        assertFalse(service.getNetwork(net).network().portSecurityEnabled());
        service.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
        Port p = service.createPort(PortRequest.on(net));
        assertFalse(p.portSecurityEnabled());
        assertEquals(List.of(), p.securityGroups(), "no port security, no security group");
        Port secured = service.createPort(new PortRequest(null, null, null, net, null, null, null, null, null, null,
                null, true, null, null, null, null));
        assertEquals(1, secured.securityGroups().size());
    }

    @Test
    void listsAreInCreationOrder() {
        String a = network();
        String b = network();
        assertEquals(List.of(a, b), service.listNetworks().stream().map(v -> v.network().id()).toList());
    }

    private String network() {
        return service.createNetwork(NetworkRequest.named("n")).network().id();
    }
}
