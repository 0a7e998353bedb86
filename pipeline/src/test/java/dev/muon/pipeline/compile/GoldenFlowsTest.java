package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.muon.pipeline.flow.FlowDump;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The flows compiled for seed 003's nodes, and for {@link SeedTopology#seedL2()} (VLAN and
 * flat provider networks next to VXLAN), compared with golden dumps in ovs-ofctl form
 * (src/test/resources/golden). Run with -Dgolden.update=true to rewrite them after an
 * intended change, then review the diff like any code change.
 */
class GoldenFlowsTest {

    @ParameterizedTest
    @CsvSource({"node2,br-int", "node2,br-tun", "node1,br-tun", "node3,br-int"})
    void seed003(String node, String bridge) throws IOException {
        SeedTopology t = SeedTopology.seed003();
        Map<String, Integer> vlans = Map.of("net-private", 1, "net-private2", 2);
        check(PipelineCompiler.compile(t.input(node, vlans)), bridge, "seed003-" + node + "-" + bridge);
    }

    /** Seed 003's router: node1 routes for test01 (private2 is routed-only there), node2 and node3 for both subnets. */
    @ParameterizedTest
    @CsvSource({"node1,br-int", "node1,br-tun", "node2,br-int", "node2,br-tun", "node3,br-int", "node3,br-tun"})
    void seed003Routed(String node, String bridge) throws IOException {
        SeedTopology t = SeedTopology.seed003Routed();
        Map<String, Integer> vlans = Map.of("net-private", 1, "net-private2", 2);
        check(PipelineCompiler.compile(t.input(node, vlans)), bridge, "seed003r-" + node + "-" + bridge);
    }

    /** Seed 003 with a gateway: node1 serves SNAT and test04's floating IP, node2 test02's; node3 redirects to node1. */
    @ParameterizedTest
    @CsvSource({"node1,br-int", "node1,br-ex", "node1,br-tun", "node2,br-int", "node2,br-ex", "node3,br-int",
                "node3,br-tun"})
    void seed003External(String node, String bridge) throws IOException {
        SeedTopology t = SeedTopology.seed003External();
        check(PipelineCompiler.compile(t.input(node, SeedTopology.externalVlans())), bridge,
                "seed003x-" + node + "-" + bridge);
    }

    @ParameterizedTest
    @CsvSource({"node1,br-int", "node1,br-eth1", "node1,br-ex", "node1,br-tun",
                "node2,br-int", "node2,br-eth1", "node2,br-tun", "node3,br-tun"})
    void seedL2(String node, String bridge) throws IOException {
        SeedTopology t = SeedTopology.seedL2();
        check(PipelineCompiler.compile(t.input(node, SeedTopology.seedL2Vlans(node))), bridge,
                "seedL2-" + node + "-" + bridge);
    }

    private static void check(DesiredState desired, String bridge, String name) throws IOException {
        String actual = FlowDump.render(desired.flows(bridge));
        Path golden = Path.of("src/test/resources/golden/" + name + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
    }
}
