package dev.muon.controller.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.muon.controller.MuonConfig;
import dev.muon.controller.MuonController;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The Neutron API under load (issue 12): a real {@link MuonController} in this JVM (REST API,
 * reconciler, its durable H2 store in a temporary data dir; no nodes), {@code clients} threads
 * creating {@code ports} ports with one {@code POST /v2.0/ports} each, round robin over a few
 * networks, as Nova's computes do when many VMs boot at once. Prints creates per second and
 * each create's p50/p99 latency; then {@code GET /v2.0/ports} of them all, p50/p99 over
 * {@link #LIST_RUNS} runs. Each client keeps its own HTTP connection. Prints figures; asserts nothing.
 */
final class ApiBench {
    static final int NETWORKS = 4;
    private static final int LIST_RUNS = 10;
    private static final int LIST_WARMUPS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    ApiBench(PrintStream out) {
        this.out = out;
    }

    void run(int clients, int ports) throws Exception {
        out.println();
        out.println("API (issue 12): a real controller (REST, reconciler, durable H2 store; no nodes); " + clients
                + " clients, one POST /v2.0/ports per port, " + ports + " ports round robin over " + NETWORKS
                + " networks (a /16 subnet each); then GET /v2.0/ports of them all, p50/p99 of " + LIST_RUNS);
        Path work = Files.createTempDirectory("muon-bench-api");
        MuonController controller = null;
        ExecutorService pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "bench-api-client");
            t.setDaemon(true);
            return t;
        });
        try {
            BenchPorts listen = BenchPorts.free();
            int restPort = listen.rest();
            controller = new MuonController(MuonConfig.load(null, Map.of(), listen.options(work)));
            controller.start();
            List<String> networks = networks(new BenchApi(restPort));

            long t0 = System.nanoTime();
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                int share = ports / clients + (c < ports % clients ? 1 : 0);
                results.add(pool.submit(() -> createPorts(new BenchApi(restPort), networks, client, share)));
            }
            long[] latencies = new long[ports];
            int n = 0;
            for (Future<long[]> f : results) {
                long[] own = f.get(30, TimeUnit.MINUTES);
                System.arraycopy(own, 0, latencies, n, own.length);
                n += own.length;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            out.println("clients  ports  seconds  creates/s  create_ms p50/p99");
            out.printf("%7d  %5d  %7.1f  %9.0f  %8.1f/%-6.1f%n", clients, ports, seconds, ports / seconds,
                    ms(latencies, 50), ms(latencies, 99));

            BenchApi rest = new BenchApi(restPort);
            long[] lists = new long[LIST_RUNS];
            int listed = 0;
            for (int i = 0; i < LIST_WARMUPS + LIST_RUNS; i++) {
                long t1 = System.nanoTime();
                String body = rest.getText("ports");
                long took = System.nanoTime() - t1;
                if (i >= LIST_WARMUPS) {
                    lists[i - LIST_WARMUPS] = took;
                }
                listed = JSON.readTree(body).get("ports").size();
            }
            out.println("listed  list_ms p50/p99");
            out.printf("%6d  %7.1f/%-6.1f%n", listed, ms(lists, 50), ms(lists, 99));
        } finally {
            pool.shutdownNow();
            if (controller != null) {
                controller.close();
            }
            RoutingBench.deleteTree(work);
        }
    }

    private static List<String> networks(BenchApi rest) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < NETWORKS; k++) {
            String net = rest.post("networks", "{\"network\": {\"name\": \"api" + k + "\"}}")
                    .get("network").get("id").asText();
            rest.post("subnets", "{\"subnet\": {\"network_id\": \"" + net + "\", \"cidr\": \"10." + (100 + k)
                    + ".0.0/16\", \"ip_version\": 4}}");
            ids.add(net);
        }
        return ids;
    }

    /** {@code count} creates, one at a time; each one's latency in ns. */
    private static long[] createPorts(BenchApi rest, List<String> networks, int client, int count) throws Exception {
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            String net = networks.get((client + i) % networks.size());
            long t0 = System.nanoTime();
            rest.postText("ports", "{\"port\": {\"network_id\": \"" + net + "\", \"name\": \"c" + client + "-" + i + "\"}}");
            latencies[i] = System.nanoTime() - t0;
        }
        return latencies;
    }

    /** A percentile of nanosecond figures, in milliseconds. */
    private static double ms(long[] nanos, int p) {
        return Percentiles.of(Arrays.stream(nanos).asDoubleStream().toArray(), p) / 1e6;
    }
}
