package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.NetworkRequest;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.PortRequest;
import dev.muon.northbound.PortView;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.SubnetRequest;
import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bulk port create shares one set of MACs and one allocator per subnet across its ports (issue 12:
 * it was quadratic): it must give exactly what the same requests created one by one give, and refuse
 * what they refuse, with nothing of a refused bulk committed.
 */
class BulkPortCreateTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
    private final List<ModelStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(ModelStore::close);
    }

    /** A service over a fresh store, with a network "a" (v4 /28 + v6) and "b" (v4 /24). */
    private final class Cloud {
        final ModelStore store = ModelStore.inMemory();
        final NeutronNetworkService service;
        final RequestContext ctx;
        final String a;
        final String b;
        final String a4;
        final String a6;
        final String b4;

        Cloud(RandomGenerator random) {
            stores.add(store);
            service = new NeutronNetworkService(store, new ServiceConfig(1000, 1999, "default-project", Map.of()),
                    new TickingClock(), random);
            ctx = service.noAuthContext();
            a = service.createNetwork(NetworkRequest.named("a")).network().id();
            b = service.createNetwork(NetworkRequest.named("b")).network().id();
            a4 = service.createSubnet(SubnetRequest.of(a, "10.0.0.0/28")).id();
            a6 = service.createSubnet(SubnetRequest.of(a, "fd00::/64")).id();
            b4 = service.createSubnet(SubnetRequest.of(b, "10.1.0.0/24")).id();
        }

        List<Port> bulk(List<PortRequest> requests) {
            return service.ports().createAll(ctx, requests).stream().map(PortView::port).toList();
        }

        Port single(PortRequest request) {
            return service.ports().create(ctx, request).port();
        }

        int ports() {
            return store.snapshot().ports().size();
        }
    }

    private static PortRequest mac(String network, String mac) {
        return PortRequest.on(network).withMacAddress(mac);
    }

    private static PortRequest ip(String network, String subnet, String address) {
        return PortRequest.on(network).withFixedIps(List.of(new FixedIp(subnet, address)));
    }

    @Test
    void bulkGivesWhatTheSameCreatesOneByOneGive() {
        Cloud one = new Cloud(new Random(11));
        Cloud bulk = new Cloud(new Random(11));
        // a port that exists before, with an address in the middle of a's v4 pool
        one.single(ip(one.a, one.a4, "10.0.0.5"));
        bulk.single(ip(bulk.a, bulk.a4, "10.0.0.5"));

        List<Port> singly = new ArrayList<>();
        for (PortRequest r : requests(one)) {
            singly.add(one.single(r));
        }
        List<Port> together = bulk.bulk(requests(bulk));

        assertEquals(singly.size(), together.size());
        for (int i = 0; i < singly.size(); i++) {
            assertEquals(singly.get(i).macAddress(), together.get(i).macAddress(), "MAC of port " + i);
            assertEquals(ips(one, singly.get(i)), ips(bulk, together.get(i)), "fixed IPs of port " + i);
        }
        // the automatic addresses went around the taken ones, lowest first
        assertEquals(List.of("10.0.0.2", "fd00::2"), ips(bulk, together.get(0)));
        assertEquals(List.of("10.0.0.6", "fd00::4"), ips(bulk, together.get(4)));
        assertEquals(List.of("fd00::6"), ips(bulk, together.get(6)));
        assertEquals(one.ports(), bulk.ports());
        NetworkModel m = bulk.store.snapshot();
        together.forEach(p -> assertEquals(Optional.of(p), m.port(p.id())));
        assertEquals(together.stream().filter(p -> p.networkId().equals(bulk.a)).count() + 1,
                m.portsOf(bulk.a).size());
    }

    private static List<PortRequest> requests(Cloud c) {
        return List.of(
                PortRequest.on(c.a),                                    // 10.0.0.2, fd00::2
                PortRequest.on(c.a),                                    // 10.0.0.3, fd00::3
                ip(c.a, c.a4, "10.0.0.4"),                              // asked for
                mac(c.b, "fa:16:3e:00:00:01"),                          // 10.1.0.2
                PortRequest.on(c.a),                                    // 10.0.0.6 (4 and 5 taken), fd00::4
                mac(c.a, "fa:16:3e:00:00:01"),                          // same MAC, other network: allowed
                PortRequest.on(c.a).withFixedIps(List.of(new FixedIp(c.a6, null))),   // fd00::6
                PortRequest.on(c.b),                                    // 10.1.0.3
                ip(c.b, null, "10.1.0.9"));                             // its subnet found from the address
    }

    private static List<String> ips(Cloud c, Port p) {
        return p.fixedIps().stream().map(FixedIp::ipAddress).toList();
    }

    @Test
    void aMacTwiceOnOneNetworkInABulkIsInUseAndNothingIsCreated() {
        Cloud c = new Cloud(new Random(1));
        int before = c.ports();
        NeutronException e = assertThrows(NeutronException.class, () -> c.bulk(List.of(
                PortRequest.on(c.a), mac(c.a, "fa:16:3e:aa:bb:cc"), PortRequest.on(c.b), mac(c.a, "FA:16:3E:AA:BB:CC"))));
        assertEquals("MacAddressInUse", e.type());
        assertEquals(409, e.status());
        assertEquals(before, c.ports(), "a refused bulk commits nothing");

        // a MAC an earlier port of the cloud holds on the network is in use too, whichever way it came
        Port existing = c.single(PortRequest.on(c.a));
        e = assertThrows(NeutronException.class, () -> c.bulk(List.of(PortRequest.on(c.b),
                mac(c.a, existing.macAddress()))));
        assertEquals("MacAddressInUse", e.type());
        Port generated = c.bulk(List.of(PortRequest.on(c.a), PortRequest.on(c.a))).get(1);
        assertEquals("MacAddressInUse", assertThrows(NeutronException.class,
                () -> c.bulk(List.of(mac(c.a, generated.macAddress())))).type());
    }

    @Test
    void generatedMacsAvoidThoseOfThePortsBeforeThemInTheBulk() {
        // a generator that repeats itself: every MAC it proposes after the first was proposed before
        RandomGenerator repeating = new RandomGenerator() {
            private int calls;

            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public void nextBytes(byte[] bytes) {
                int n = calls++;
                bytes[0] = 0;
                bytes[1] = 0;
                bytes[2] = (byte) (n < 3 ? 1 : n);   // 1, 1, 1, then 3, 4, ...
            }
        };
        Cloud c = new Cloud(repeating);
        List<Port> ports = c.bulk(List.of(PortRequest.on(c.a), PortRequest.on(c.b), PortRequest.on(c.a)));
        assertEquals("fa:16:3e:00:00:01", ports.get(0).macAddress());
        // across networks too: a generated MAC is unique in the cloud
        assertEquals("fa:16:3e:00:00:03", ports.get(1).macAddress());
        assertEquals("fa:16:3e:00:00:04", ports.get(2).macAddress());
    }

    @Test
    void anAddressTwiceInABulkIsAlreadyAllocated() {
        Cloud c = new Cloud(new Random(1));
        NeutronException e = assertThrows(NeutronException.class, () -> c.bulk(List.of(
                ip(c.a, c.a4, "10.0.0.9"), PortRequest.on(c.b), ip(c.a, null, "10.0.0.9"))));
        assertEquals("IpAddressAlreadyAllocated", e.type());
        assertEquals(409, e.status());
        assertEquals(0, c.ports());
        // an address an earlier port of the bulk got automatically is taken as well
        e = assertThrows(NeutronException.class, () -> c.bulk(List.of(PortRequest.on(c.a), ip(c.a, c.a4, "10.0.0.2"))));
        assertEquals("IpAddressAlreadyAllocated", e.type());
        assertEquals(0, c.ports());
    }

    @Test
    void aSubnetRunningOutInABulkFailsItWhole() {
        Cloud c = new Cloud(new Random(1));
        // a's v4 /28 has 13 pool addresses (.2 to .14)
        List<PortRequest> thirteen = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            thirteen.add(PortRequest.on(c.a));
        }
        List<PortRequest> fourteen = new ArrayList<>(thirteen);
        fourteen.add(PortRequest.on(c.a));
        NeutronException e = assertThrows(NeutronException.class, () -> c.bulk(fourteen));
        assertEquals("IpAddressGenerationFailure", e.type());
        assertEquals(409, e.status());
        assertEquals(0, c.ports());

        List<Port> ports = c.bulk(thirteen);
        assertEquals("10.0.0.14", ports.get(12).fixedIps().get(0).ipAddress());
        assertEquals("IpAddressGenerationFailure", assertThrows(NeutronException.class,
                () -> c.bulk(List.of(PortRequest.on(c.b),
                        PortRequest.on(c.a).withFixedIps(List.of(new FixedIp(c.a4, null)))))).type());
        assertEquals(13, c.ports());
    }

    @Test
    void theAllocatorSkipsTakenAddressesOnceAndGoesOnToTheNextPool() {
        Subnet s = new Subnet("s", "", "", "p", "net", 4, "10.0.0.0/24", "10.0.0.1",
                List.of(new AllocationPool("10.0.0.10", "10.0.0.12"), new AllocationPool("10.0.0.20", "10.0.0.21")),
                true, List.of(), List.of(), T, T, 1, null, List.of());
        Port holder = new Port("p1", "", "", "p", "net", "fa:16:3e:00:00:01",
                List.of(new FixedIp("s", "10.0.0.11")), true, "DOWN", "", "", "", true, List.of(), T, T, 1,
                List.of(), null, List.of());
        SubnetAllocator a = new SubnetAllocator(NetworkModel.of(List.of(), List.of(s), List.of(holder)), s, null);
        assertEquals("10.0.0.10", a.allocate().orElseThrow());
        a.take(IpAddresses.toNumber(IpAddresses.parse("10.0.0.12")));
        assertEquals("10.0.0.20", a.allocate().orElseThrow());
        assertEquals("10.0.0.21", a.allocate().orElseThrow());
        assertTrue(a.allocate().isEmpty());
        assertTrue(a.allocate().isEmpty());
        // only the ports of the subnet's network are read: a port elsewhere holds nothing of it
        Port elsewhere = new Port("p2", "", "", "p", "other", "fa:16:3e:00:00:02",
                List.of(new FixedIp("t", "10.0.0.10")), true, "DOWN", "", "", "", true, List.of(), T, T, 1,
                List.of(), null, List.of());
        SubnetAllocator b = new SubnetAllocator(NetworkModel.of(List.of(), List.of(s), List.of(holder, elsewhere)),
                s, null);
        assertEquals("10.0.0.10", b.allocate().orElseThrow());
    }
}
