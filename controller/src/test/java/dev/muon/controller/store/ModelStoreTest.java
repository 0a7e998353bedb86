package dev.muon.controller.store;

import dev.muon.controller.service.NeutronNetworkService;
import dev.muon.controller.service.ServiceConfig;
import dev.muon.northbound.NetworkRequest;
import dev.muon.northbound.PortRequest;
import dev.muon.northbound.SubnetRequest;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelStoreTest {

    @Test
    void everythingSurvivesAReopen(@TempDir Path dir) {
        Port port;
        NetworkModel written;
        try (ModelStore store = ModelStore.open(dir)) {
            NeutronNetworkService service = new NeutronNetworkService(store, ServiceConfig.defaults());
            String net = service.createNetwork(NetworkRequest.named("durable")).network().id();
            service.createSubnet(SubnetRequest.of(net, "10.0.0.0/24"));
            port = service.createPort(PortRequest.on(net));
            service.setPortBinding(port.id(), "node1", true);
            written = store.snapshot();
        }
        assertTrue(Files.exists(dir.resolve(DatabaseLocation.H2_FILE + ".mv.db")));

        try (ModelStore reopened = ModelStore.open(dir)) {
            NetworkModel read = reopened.snapshot();
            assertEquals(written.networks(), read.networks());
            assertEquals(written.subnets(), read.subnets());
            assertEquals(written.ports(), read.ports());
            assertEquals("node1", read.port(port.id()).orElseThrow().bindingHostId());
            assertEquals(4, reopened.version());
            // Allocation continues from what was saved: the next port does not reuse the address.
            NeutronNetworkService service = new NeutronNetworkService(reopened, ServiceConfig.defaults());
            Port next = service.createPort(PortRequest.on(port.networkId()));
            assertEquals("10.0.0.3", next.fixedIps().get(0).ipAddress());
        }
    }

    @Test
    void aFailedTransactionCommitsNothing() {
        try (ModelStore store = ModelStore.inMemory()) {
            NetworkModel before = store.snapshot();
            assertThrows(IllegalStateException.class, () -> store.write(m -> {
                throw new IllegalStateException("refused");
            }));
            assertSame(before, store.snapshot());
            assertEquals(0, store.version());
        }
    }

    @Test
    void aFailedSaveCommitsNothing() {
        ModelPersistence failing = new ModelPersistence() {
            @Override
            public java.util.Optional<Stored> load() {
                return java.util.Optional.empty();
            }

            @Override
            public void save(NetworkModel model, long version) {
                throw new java.io.UncheckedIOException(new java.io.IOException("disk full"));
            }

            @Override
            public NodeAllocations nodeAllocations() {
                return new InMemoryNodeAllocations();
            }

            @Override
            public RememberedNodes rememberedNodes() {
                return new InMemoryRememberedNodes();
            }
        };
        try (ModelStore store = new ModelStore(failing)) {
            NeutronNetworkService service = new NeutronNetworkService(store, ServiceConfig.defaults());
            assertThrows(java.io.UncheckedIOException.class, () -> service.createNetwork(NetworkRequest.named("x")));
            assertTrue(store.snapshot().networks().isEmpty());
        }
    }

    @Test
    void listenersHearEveryCommitInOrderAndMayWriteBack() throws Exception {
        try (ModelStore store = ModelStore.inMemory()) {
            NeutronNetworkService service = new NeutronNetworkService(store, ServiceConfig.defaults());
            List<Integer> sizes = new CopyOnWriteArrayList<>();
            CountDownLatch bound = new CountDownLatch(1);
            store.subscribe(m -> {
                sizes.add(m.networks().size());
                // A listener that writes (as the reconciler binds ports) must not deadlock.
                m.ports().values().stream().filter(p -> !p.isBound()).findFirst()
                        .ifPresent(p -> service.setPortBinding(p.id(), "node1", true));
                if (m.ports().values().stream().anyMatch(Port::isBound)) {
                    bound.countDown();
                }
            });
            String a = service.createNetwork(NetworkRequest.named("a")).network().id();
            service.createNetwork(NetworkRequest.named("b"));
            service.createPort(PortRequest.on(a));
            assertTrue(bound.await(5, TimeUnit.SECONDS));
            assertEquals(List.of(1, 2, 2, 2), sizes.subList(0, 4));
        }
    }
}
