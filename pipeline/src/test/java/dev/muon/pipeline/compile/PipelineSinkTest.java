package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Cookies;
import dev.muon.pipeline.flow.DuplicateFlowException;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.PipelineTable.BridgeKind;
import dev.muon.pipeline.flow.Priority;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sink refuses what two modules, or a module and the catalogue, disagree on. */
class PipelineSinkTest {
    private static final long A = Cookies.of(Cookies.Kind.PORT, "a");
    private static final long B = Cookies.of(Cookies.Kind.PORT, "b");

    private static PipelineSink sink() {
        return new PipelineSink(Map.of("br-int", BridgeKind.INTEGRATION, "br-tun", BridgeKind.TUNNEL));
    }

    private static Flow toMacCheck(long owner) {
        return PipelineTable.INT_LOCAL_SWITCHING.flow(Priority.VIF_MAC_CHECK).cookie(owner)
                .match(m -> m.inPort(3)).actions(Action.gotoTable(25)).build();
    }

    @Test
    void twoFlowsWithOneKeyFailWhoeverWroteThem() {
        PipelineSink s = sink();
        s.add("br-int", toMacCheck(A));
        assertThrows(DuplicateFlowException.class, () -> s.add("br-int", toMacCheck(B)));
        sink().add("br-tun", PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(A).match(m -> m.inPort(3))
                .actions(Action.gotoTable(2)).build());   // the same key on another bridge is another slot
    }

    @Test
    void aFlowGoesOnlyWhereItsTableIsDeclared() {
        Flow tunTable = PipelineTable.TUN_UCAST_TO_TUN.flow(Priority.REMOTE_MAC).cookie(A).match(m -> m.vlan(1)).drop();
        assertThrows(IllegalArgumentException.class, () -> sink().add("br-int", tunTable));
        assertThrows(IllegalArgumentException.class, () -> sink().add("br-ex", toMacCheck(A)));
        sink().add("br-tun", tunTable);
    }

    @Test
    void portsGoOnDeclaredBridgesOnceAndTagsDoNotConflict() {
        PipelineSink s = sink();
        assertThrows(IllegalArgumentException.class, () -> s.port("br-int", new PortSpec("patch-tun", "patch", Map.of())));
        s.bridge(new BridgeSpec("br-int", "netdev", "0000000000000001", "secure", List.of("OpenFlow13"), "tcp:x", List.of()));
        s.port("br-int", new PortSpec("patch-tun", "patch", Map.of("peer", "patch-int")));
        assertThrows(IllegalStateException.class, () -> s.port("br-int", new PortSpec("patch-tun", "patch", Map.of())));
        assertEquals(List.of("patch-tun"), s.bridges().get(0).ports().stream().map(PortSpec::name).toList());
        s.tag("tap1", 5);
        s.tagIfUntagged("tap1", Bridges.DEAD_VLAN);
        assertEquals(5, s.tags().get("tap1"));
        assertThrows(IllegalStateException.class, () -> s.tag("tap1", 6));
    }
}
