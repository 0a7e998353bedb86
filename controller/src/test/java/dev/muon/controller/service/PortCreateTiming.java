package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.northbound.NetworkRequest;
import dev.muon.northbound.PortRequest;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.SubnetRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Not a test: a timing main for port creates through the service layer (issue 12, "bulk port create
 * is quadratic"). Prints, for a fresh in-memory store each, the time of N ports created in one bulk
 * (one transaction), of N single creates, and of a second bulk of N onto a network already holding N.
 * Run: {@code java -cp <test classpath> dev.muon.controller.service.PortCreateTiming [N]}.
 */
public final class PortCreateTiming {
    private PortCreateTiming() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        for (int round = 0; round < 3; round++) {   // the first rounds warm the JIT up
            boolean print = round == 2;
            bulk(n, 0, print);
            bulk(n, n, print);
            singles(n, print);
        }
    }

    private static void bulk(int n, int existing, boolean print) {
        try (Setup s = new Setup()) {
            if (existing > 0) {
                s.service.ports().createAll(s.ctx, requests(s.network, existing));
            }
            List<PortRequest> requests = requests(s.network, n);
            long t0 = System.nanoTime();
            int created = s.service.ports().createAll(s.ctx, requests).size();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (print) {
                System.out.printf("bulk create of %d ports (one transaction) onto %d existing: %d ms (%d created)%n",
                        n, existing, ms, created);
            }
        }
    }

    private static void singles(int n, boolean print) {
        try (Setup s = new Setup()) {
            long t0 = System.nanoTime();
            for (PortRequest r : requests(s.network, n)) {
                s.service.ports().create(s.ctx, r);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (print) {
                System.out.printf("%d single port creates (one transaction each): %d ms, %.0f/s%n",
                        n, ms, n * 1000.0 / Math.max(ms, 1));
            }
        }
    }

    private static List<PortRequest> requests(String network, int n) {
        List<PortRequest> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(PortRequest.on(network));
        }
        return out;
    }

    private static final class Setup implements AutoCloseable {
        final ModelStore store = ModelStore.inMemory();
        final NeutronNetworkService service = new NeutronNetworkService(store,
                new ServiceConfig(1000, 1999, "default-project", Map.of()), java.time.Clock.systemUTC(),
                new Random(1));
        final RequestContext ctx = service.noAuthContext();
        final String network;

        Setup() {
            network = service.createNetwork(NetworkRequest.named("timing")).network().id();
            service.createSubnet(SubnetRequest.of(network, "10.0.0.0/18"));
            service.createSubnet(SubnetRequest.of(network, "fd00::/64"));
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
