package dev.muon.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloatingIpStatusUpdatesTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2024-01-01T00:05:00Z");

    private static FloatingIp fip(String status) {
        return new FloatingIp("f1", "web", "p", "ext", "192.168.0.3", "fp1", "vm1", "10.0.0.2", "r1", status,
                List.of("blue"), T0, T0, 3);
    }

    @Test
    void aNewStatusIsStampedAsAChangeAndNothingElseMoves() {
        try (ModelStore store = ModelStore.inMemory()) {
            store.write(m -> Result.of(m.with(ResourceKind.FLOATING_IP, fip("DOWN")), null));
            store.write(m -> new FloatingIpStatusUpdates().apply(m, "f1", "ACTIVE", T1));
            FloatingIp f = store.snapshot().get(ResourceKind.FLOATING_IP, "f1").orElseThrow();
            assertEquals("ACTIVE", f.status());
            assertEquals(4, f.revisionNumber());
            assertEquals(T1, f.updatedAt());
            FloatingIp before = fip("DOWN");
            assertEquals(new FloatingIp(before.id(), before.description(), before.projectId(),
                    before.floatingNetworkId(), before.floatingIpAddress(), before.floatingPortId(), before.portId(),
                    before.fixedIpAddress(), before.routerId(), "ACTIVE", before.tags(), T0, T1, 4), f);
        }
    }

    @Test
    void theSameStatusOrAGoneFloatingIpChangesNothing() {
        NetworkModel m = NetworkModel.EMPTY.with(ResourceKind.FLOATING_IP, fip("ACTIVE"));
        FloatingIpStatusUpdates updates = new FloatingIpStatusUpdates();
        assertSame(m, updates.apply(m, "f1", "ACTIVE", T1).next());
        assertSame(m, updates.apply(m, "f2", "DOWN", T1).next());
        try (ModelStore store = ModelStore.inMemory()) {
            store.write(s -> updates.apply(s, "gone", "ACTIVE", T1));
            assertEquals(0, store.snapshot().all(ResourceKind.FLOATING_IP).size());
        }
    }
}
