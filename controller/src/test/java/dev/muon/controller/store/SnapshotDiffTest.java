package dev.muon.controller.store;

import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.ResourceKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotDiffTest {

    @Test
    void findsWhatWasInsertedUpdatedAndDeletedByKindAndId() throws Exception {
        Network a = (Network) EveryKindRoundTripTest.sample(Network.class, 1);
        Network b = (Network) EveryKindRoundTripTest.sample(Network.class, 2);
        Port p = (Port) EveryKindRoundTripTest.sample(Port.class, 1);
        NetworkModel before = NetworkModel.EMPTY.with(ResourceKind.NETWORK, a).with(ResourceKind.NETWORK, b)
                .with(ResourceKind.PORT, p);

        SnapshotDiff all = SnapshotDiff.between(NetworkModel.EMPTY, before);
        assertEquals(3, all.inserted().size());
        assertEquals(3, all.size());

        Port revised = p.revised(Instant.parse("2025-01-01T00:00:00Z"));
        Network c = (Network) EveryKindRoundTripTest.sample(Network.class, 3);
        NetworkModel after = before.without(ResourceKind.NETWORK, a.id()).with(ResourceKind.PORT, revised)
                .with(ResourceKind.NETWORK, c);
        SnapshotDiff diff = SnapshotDiff.between(before, after);
        assertEquals(List.of(new SnapshotDiff.Row(ResourceKind.NETWORK, c.id(), c)), diff.inserted());
        assertEquals(List.of(new SnapshotDiff.Row(ResourceKind.PORT, p.id(), revised)), diff.updated());
        assertEquals(List.of(new SnapshotDiff.Row(ResourceKind.NETWORK, a.id(), null)), diff.deleted());
    }

    @Test
    void anEqualCopyOfAResourceIsNoChange() throws Exception {
        Port p = (Port) EveryKindRoundTripTest.sample(Port.class, 1);
        Port copy = (Port) EveryKindRoundTripTest.sample(Port.class, 1);
        NetworkModel before = NetworkModel.EMPTY.with(ResourceKind.PORT, p);
        assertTrue(SnapshotDiff.between(before, before).isEmpty());
        assertTrue(SnapshotDiff.between(before, before.with(ResourceKind.PORT, copy)).isEmpty());
    }
}
