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
 * The flows compiled for seed 003's node2, compared with golden dumps in ovs-ofctl form
 * (src/test/resources/golden). Run with -Dgolden.update=true to rewrite them after an
 * intended change, then review the diff like any code change.
 */
class GoldenFlowsTest {

    @ParameterizedTest
    @CsvSource({"node2,br-int", "node2,br-tun", "node1,br-tun", "node3,br-int"})
    void seed003(String node, String bridge) throws IOException {
        SeedTopology t = SeedTopology.seed003();
        Map<String, Integer> vlans = Map.of("net-private", 1, "net-private2", 2);
        DesiredState desired = PipelineCompiler.compile(t.input(node, vlans));
        String actual = FlowDump.render(desired.flows(bridge));

        Path golden = Path.of("src/test/resources/golden/seed003-" + node + "-" + bridge + ".txt");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
    }
}
