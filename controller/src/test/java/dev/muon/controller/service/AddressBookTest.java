package dev.muon.controller.service;

import dev.muon.pipeline.model.AllocationPool;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The addresses kept between transactions answer as an allocator built from the snapshot does. */
class AddressBookTest {
    private static final Instant T = Instant.EPOCH;

    @Test
    void followsCreatesDeletesAndUnrelatedSnapshots() {
        Subnet s = new Subnet("sub", "", "", "p", "net", 4, "10.0.0.0/26", "10.0.0.1",
                List.of(new AllocationPool("10.0.0.2", "10.0.0.20"), new AllocationPool("10.0.0.30", "10.0.0.40")),
                true, List.of(), List.of(), T, T, 1, null, List.of());
        AddressBook book = new AddressBook();
        Random random = new Random(3);
        NetworkModel model = NetworkModel.of(List.of(), List.of(s), List.of());
        List<String> ids = new ArrayList<>();
        NetworkModel unrelated = model;
        for (int i = 0; i < 400; i++) {
            Optional<String> fresh = new SubnetAllocator(model, s, null).allocate();
            SubnetAllocator kept = book.allocator(model, s);
            assertEquals(fresh, kept.allocate(), "step " + i);
            if (fresh.isPresent() && random.nextInt(3) > 0) {
                String id = "p" + i;
                ids.add(id);
                model = model.withPort(port(id, new FixedIp(s.id(), fresh.get())));
                // a transaction refused after allocating leaves nothing in the book
                book.allocator(model, s).allocate();
            } else if (!ids.isEmpty()) {
                model = model.withoutPort(ids.remove(random.nextInt(ids.size())));
            }
            if (i % 97 == 0) {
                unrelated = model;
                model = NetworkModel.fromCollections(Map.of(dev.muon.pipeline.model.ResourceKind.SUBNET, List.of(s),
                        dev.muon.pipeline.model.ResourceKind.PORT, model.ports().values()));
            }
        }
        // and back to an older snapshot
        SubnetAllocator old = book.allocator(unrelated, s);
        SubnetAllocator fresh = new SubnetAllocator(unrelated, s, null);
        for (int a = 2; a <= 40; a++) {
            BigInteger n = IpAddresses.number("10.0.0." + a);
            assertEquals(fresh.isUsed(n), old.isUsed(n), "10.0.0." + a);
        }
        assertTrue(ids.size() > 10);
    }

    private static Port port(String id, FixedIp ip) {
        return new Port(id, "", "", "p", "net", "fa:16:3e:00:00:01", List.of(ip), true, "DOWN", "", "", "", true,
                List.of(), T, T, 1, List.of(), Map.of(), List.of());
    }
}
