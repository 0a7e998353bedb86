package dev.muon.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RendezvousTest {
    private static final List<String> NODES = java.util.stream.IntStream.range(0, 300)
            .mapToObj(i -> "node" + i).toList();

    private static Map<String, String> owners(List<String> instances) {
        Map<String, String> out = new HashMap<>();
        NODES.forEach(n -> out.put(n, Rendezvous.owner(n, instances).orElseThrow()));
        return out;
    }

    @Test
    void everyInstanceGetsAShareAndEveryInstanceComputesTheSameOwners() {
        Map<String, String> owners = owners(List.of("a", "b", "c"));
        for (String instance : List.of("a", "b", "c")) {
            long share = owners.values().stream().filter(instance::equals).count();
            assertTrue(share >= 60 && share <= 140, instance + " got " + share + " of 300");
        }
        assertEquals(owners, owners(List.of("c", "a", "b")), "the order instances are listed in matters not");
    }

    @Test
    void aNewInstanceTakesNodesOnlyToItselfAndADeadOneGivesAwayOnlyItsOwn() {
        Map<String, String> three = owners(List.of("a", "b", "c"));
        Map<String, String> four = owners(List.of("a", "b", "c", "d"));
        int moved = 0;
        for (String node : NODES) {
            if (!three.get(node).equals(four.get(node))) {
                assertEquals("d", four.get(node), node + " moved between instances that stayed");
                moved++;
            }
        }
        assertTrue(moved >= 40, "the new instance took only " + moved + " of 300 nodes");

        Map<String, String> two = owners(List.of("a", "c"));
        for (String node : NODES) {
            if (!three.get(node).equals("b")) {
                assertEquals(three.get(node), two.get(node), node + " moved though its owner is alive");
            }
        }
    }

    @Test
    void noLiveInstanceOwnsNothing() {
        assertEquals(Optional.empty(), Rendezvous.owner("node1", List.of()));
    }
}
