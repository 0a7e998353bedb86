package dev.muon.controller.bench;

import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ofdriver.SwitchListener;
import dev.muon.pipeline.compile.DatapathIds;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The bridges a bench waits for, each completed when its switch connects (its datapath id names it). */
final class ExpectedSwitches implements SwitchListener {
    private final Map<Long, CompletableFuture<OpenFlowSwitch>> byDatapath = new ConcurrentHashMap<>();

    ExpectedSwitches(Collection<String> hosts, Collection<String> bridges) {
        for (String host : hosts) {
            for (String bridge : bridges) {
                byDatapath.put(DatapathIds.of(host, bridge), new CompletableFuture<>());
            }
        }
    }

    CompletableFuture<OpenFlowSwitch> of(String host, String bridge) {
        return byDatapath.get(DatapathIds.of(host, bridge));
    }

    CompletableFuture<Void> all() {
        return CompletableFuture.allOf(byDatapath.values().toArray(CompletableFuture[]::new));
    }

    @Override
    public void switchConnected(OpenFlowSwitch sw) {
        CompletableFuture<OpenFlowSwitch> f = byDatapath.get(sw.datapathId());
        if (f != null) {
            f.complete(sw);
        }
    }

    @Override
    public void switchDisconnected(OpenFlowSwitch sw) {
    }
}
