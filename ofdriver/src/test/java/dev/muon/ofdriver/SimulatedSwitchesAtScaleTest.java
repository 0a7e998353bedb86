package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.MeterDiff;
import dev.muon.simulator.openflow.SimulatedSwitch;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bench needs of the simulator: a thousand simulated bridges in this JVM, on one
 * two-thread event loop group, connect to one controller, each takes a compiled node's br-int
 * flows in one bundle, and reads back what it was given. Logs the time and the heap per flow.
 * {@code -Dmuon.sim.switches=N} changes the count.
 */
class SimulatedSwitchesAtScaleTest {
    private static final Logger log = LoggerFactory.getLogger(SimulatedSwitchesAtScaleTest.class);

    @Test
    void aThousandSwitchesConnectTakeTheirFlowsAndDumpThem() throws Exception {
        int n = Integer.getInteger("muon.sim.switches", 1000);
        Map<Long, OpenFlowSwitch> connected = new ConcurrentHashMap<>();
        SwitchListener listener = new SwitchListener() {
            @Override
            public void switchConnected(OpenFlowSwitch sw) {
                connected.put(sw.datapathId(), sw);
            }

            @Override
            public void switchDisconnected(OpenFlowSwitch sw) {
                connected.remove(sw.datapathId(), sw);
            }
        };
        var compiled = CompiledNode.node1(10);
        List<Flow> flows = compiled.flows("br-int");
        OpenFlowServer server = new OpenFlowServer(new InetSocketAddress("127.0.0.1", 0), listener);
        NioEventLoopGroup loop = new NioEventLoopGroup(2);
        List<SimulatedSwitch> sims = new ArrayList<>();
        try {
            server.start();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                SimulatedSwitch s = new SimulatedSwitch(loop, 0x5100_0000_0000_0000L + i, new InetSocketAddress("127.0.0.1", server.port()));
                sims.add(s);
                s.connect();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (connected.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(n, connected.size(), "all connected");
            long connectMs = (System.nanoTime() - t0) / 1_000_000;
            long before = usedHeap(); // connections made: what follows is the flows' share

            t0 = System.nanoTime();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (OpenFlowSwitch sw : connected.values()) {
                done.add(sw.apply(MeterDiff.between(List.of(), compiled.meters("br-int")))
                        .thenCompose(x -> sw.apply(new FlowChanges(flows, List.of()))));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
            long applyMs = (System.nanoTime() - t0) / 1_000_000;
            for (SimulatedSwitch s : sims) {
                assertEquals(flows.size(), s.flowCount(), s.toString());
            }
            long after = usedHeap();
            for (int i = 0; i < n; i += Math.max(1, n / 10)) {
                OpenFlowSwitch sw = connected.get(0x5100_0000_0000_0000L + i);
                assertEquals(new HashSet<>(flows), new HashSet<>(sw.dumpFlows().get(60, TimeUnit.SECONDS)));
            }
            log.info("{} simulated switches: connected in {} ms; {} flows each ({} in all) applied in {} ms; heap +{} MB, {} bytes per flow",
                    n, connectMs, flows.size(), (long) n * flows.size(), applyMs, (after - before) >> 20,
                    (after - before) / Math.max(1, (long) n * flows.size()));
            assertTrue(sims.stream().allMatch(SimulatedSwitch::isConnected));
        } finally {
            sims.forEach(SimulatedSwitch::close);
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            server.close();
        }
    }

    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
