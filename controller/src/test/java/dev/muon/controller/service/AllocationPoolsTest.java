package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;
import dev.muon.pipeline.model.AllocationPool;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sorted overlap check finds exactly the overlaps the pairwise one did, whatever the order given. */
class AllocationPoolsTest {
    private static final Cidr CIDR = Cidr.parse("10.0.0.0/24");

    private static AllocationPool pool(int first, int last) {
        return new AllocationPool("10.0.0." + first, "10.0.0." + last);
    }

    private static boolean anyOverlapPairwise(List<int[]> ranges) {
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size(); j++) {
                if (ranges.get(i)[0] <= ranges.get(j)[1] && ranges.get(j)[0] <= ranges.get(i)[1]) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void findsOverlapsBetweenPoolsThatAreNotNeighboursInTheRequest() {
        // The wide first pool overlaps the last only; the middle ones lie between.
        NeutronException e = assertThrows(NeutronException.class, () -> AllocationPools.validate(CIDR,
                List.of(pool(2, 50), pool(60, 61), pool(70, 71), pool(40, 41)), null));
        assertEquals("OverlappingAllocationPools", e.type());
        // A pool inside a wider one that sorts before a third, disjoint one.
        assertThrows(NeutronException.class, () -> AllocationPools.validate(CIDR,
                List.of(pool(100, 120), pool(2, 200), pool(150, 151)), null));
    }

    @Test
    void agreesWithThePairwiseCheckOnRandomPools() {
        Random random = new Random(13);
        for (int round = 0; round < 2000; round++) {
            List<int[]> ranges = new ArrayList<>();
            List<AllocationPool> pools = new ArrayList<>();
            int n = 1 + random.nextInt(6);
            for (int i = 0; i < n; i++) {
                int first = 2 + random.nextInt(240);
                int last = Math.min(254, first + random.nextInt(12));
                ranges.add(new int[] {first, last});
                pools.add(pool(first, last));
            }
            boolean overlap = anyOverlapPairwise(ranges);
            try {
                List<AllocationPool> valid = AllocationPools.validate(CIDR, pools, null);
                assertEquals(false, overlap, "missed an overlap in " + pools);
                assertEquals(pools, valid, "pools kept in the order given");
            } catch (NeutronException e) {
                assertEquals(true, overlap, "refused " + pools + ": " + e.getMessage());
                assertEquals("OverlappingAllocationPools", e.type());
            }
        }
    }
}
