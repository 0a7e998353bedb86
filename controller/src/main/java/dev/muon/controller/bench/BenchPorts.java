package dev.muon.controller.bench;

import dev.muon.controller.service.QuotaDefaults;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Free loopback ports for a benchmark's own controller (REST, OpenFlow, OVSDB) and the
 * configuration that binds it to them with its data under a scratch directory.
 */
record BenchPorts(int rest, int openflow, int ovsdb) {

    static BenchPorts free() throws Exception {
        return new BenchPorts(RoutingBench.freePort(), RoutingBench.freePort(), RoutingBench.freePort());
    }

    /** The controller's options: these ports on 127.0.0.1, data in {@code work}/data. */
    Map<String, String> options(Path work) {
        Map<String, String> o = new HashMap<>();
        o.put("rest.bind", "127.0.0.1");
        o.put("rest.port", Integer.toString(rest));
        o.put("openflow.bind", "127.0.0.1");
        o.put("openflow.port", Integer.toString(openflow));
        o.put("ovsdb.bind", "127.0.0.1");
        o.put("ovsdb.port", Integer.toString(ovsdb));
        o.put("data.dir", work.resolve("data").toString());
        // benchmarks measure scale, not Neutron's per-project quotas (500 ports, 100 networks, ...)
        QuotaDefaults.unlimited().limits().keySet().forEach(r -> o.put("quota." + r, "-1"));
        return o;
    }
}
