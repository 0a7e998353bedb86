package dev.muon.controller.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.Trunk;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrunkStatusUpdatesTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2024-01-01T00:05:00Z");

    private static Trunk trunk(String status) {
        return new Trunk("t1", "trunk", "", "p", "parent", true, status, List.of(), List.of(), T0, T0, 3);
    }

    @Test
    void aNewStatusIsStampedAsAChange() {
        try (ModelStore store = ModelStore.inMemory()) {
            store.write(m -> Result.of(m.with(ResourceKind.TRUNK, trunk("DOWN")), null));
            store.write(m -> new TrunkStatusUpdates().apply(m, "t1", "ACTIVE", T1));
            Trunk t = store.snapshot().get(ResourceKind.TRUNK, "t1").orElseThrow();
            assertEquals("ACTIVE", t.status());
            assertEquals(4, t.revisionNumber());
            assertEquals(T1, t.updatedAt());
            assertEquals(T0, t.createdAt());
        }
    }

    @Test
    void theSameStatusOrAGoneTrunkChangesNothing() {
        NetworkModel m = NetworkModel.EMPTY.with(ResourceKind.TRUNK, trunk("ACTIVE"));
        TrunkStatusUpdates updates = new TrunkStatusUpdates();
        assertSame(m, updates.apply(m, "t1", "ACTIVE", T1).next());
        assertSame(m, updates.apply(m, "t2", "DOWN", T1).next());
    }
}
