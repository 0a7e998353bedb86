package dev.muon.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Alone on its database (the embedded store) a controller programs every node, as before clusters. */
class NodeOwnershipTest {

    @Test
    void aloneEveryNodeIsOwnedWithoutLeasesOrRoles() {
        NodeOwnership alone = NodeOwnership.everything(() -> Set.of("node1", "node2"));
        assertFalse(alone.clustered());
        assertTrue(alone.owns("node1"));
        assertTrue(alone.owns("a node it has never heard of"));
        assertEquals(OptionalLong.of(0), alone.fencing("node2"), "programming needs a fencing number");
        assertEquals(2, alone.leasesHeld());
        alone.start();
        alone.close();
        assertTrue(alone.owns("node1"), "closing changes nothing");
    }
}
