package dev.muon.pipeline.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Indexes carried from snapshot to snapshot agree with the same indexes built from scratch. */
class CarriedIndexesTest {

    @Test
    void portsByNetworkAndByMacFollowEveryChange() {
        Random random = new Random(11);
        NetworkModel model = NetworkModel.EMPTY;
        model.portsOf("n0");          // built now, then carried
        model.portsWithMac("x");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int op = random.nextInt(4);
            if (op == 0 && !ids.isEmpty()) {
                model = model.withoutPort(ids.remove(random.nextInt(ids.size())));
            } else if (op == 1 && !ids.isEmpty()) {
                // moves network and MAC
                model = model.withPort(port(ids.get(random.nextInt(ids.size())), random));
            } else {
                String id = "p" + i;
                ids.add(id);
                model = model.withPort(port(id, random));
            }
            if (i % 500 == 0) {
                model = model.withNetwork(network("n" + i));   // another kind: indexes stay
            }
        }
        NetworkModel rebuilt = NetworkModel.fromCollections(Map.of(ResourceKind.PORT, model.ports().values()));
        for (int n = 0; n < 5; n++) {
            assertEquals(rebuilt.portsOf("n" + n), model.portsOf("n" + n));
        }
        Map<String, Integer> macs = new HashMap<>();
        model.ports().values().forEach(p -> macs.merge(p.macAddress(), 1, Integer::sum));
        for (String mac : macs.keySet()) {
            assertEquals(rebuilt.portsWithMac(mac), model.portsWithMac(mac));
        }
        assertEquals(List.of(), model.portsWithMac("fa:16:3e:ff:ff:ff"));
    }

    private static Port port(String id, Random random) {
        Instant t = Instant.EPOCH;
        String mac = String.format("fa:16:3e:00:00:%02x", random.nextInt(40));
        return new Port(id, "", "", "p", "n" + random.nextInt(5), mac, List.of(), true, "DOWN", "", "", "", true,
                List.of(), t, t, 1, List.of(), Map.of(), List.of());
    }

    private static Network network(String id) {
        Instant t = Instant.EPOCH;
        return new Network(id, id, "", "p", true, false, false, NetworkType.VXLAN, null, 1, 1450, "ACTIVE", t, t, 1,
                false, true, List.of());
    }
}
