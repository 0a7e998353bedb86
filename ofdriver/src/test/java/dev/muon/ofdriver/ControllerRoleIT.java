package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.Match;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OpenFlow roles against a real ovs-vswitchd, on 1.4 (bundles) and 1.3 (flow-mods and a
 * barrier): a master's changes land; a request naming a lower generation than the switch has
 * seen is refused as stale (a deposed controller cannot take the bridge back); a slave's changes
 * are refused by the switch and nothing of them lands.
 */
@Tag("integration")
class ControllerRoleIT {
    private static DriverNode lab;

    @BeforeAll
    static void startNode() throws Exception {
        lab = DriverNode.start();
    }

    @AfterAll
    static void stopNode() {
        if (lab != null) {
            lab.close();
        }
    }

    private static FlowChanges add(int priority) {
        Flow f = new Flow(0, priority, OpenFlowDriverIT.COOKIE, Match.builder().inPort(priority).build(),
                List.of(Action.normal()));
        return new FlowChanges(List.of(f), List.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"OpenFlow14", "OpenFlow13"})
    void aMasterProgramsAStaleGenerationIsRefusedAndASlaveChangesNothing(String protocol) throws Exception {
        long dpid = protocol.equals("OpenFlow14") ? 0x7001 : 0x7002;
        OpenFlowSwitch sw = lab.bridge("br-role" + (dpid & 0xf), dpid, protocol);

        sw.requestRole(ControllerRole.MASTER, 5).get(30, TimeUnit.SECONDS);
        sw.apply(add(11)).get(30, TimeUnit.SECONDS);
        assertEquals(1, sw.dumpFlows().get(30, TimeUnit.SECONDS).size());

        ExecutionException stale = assertThrows(ExecutionException.class,
                () -> sw.requestRole(ControllerRole.MASTER, 4).get(30, TimeUnit.SECONDS));
        assertInstanceOf(OpenFlowErrorException.class, stale.getCause());
        assertTrue(stale.getCause().getMessage().contains("generation 4"), stale.getCause().getMessage());

        sw.requestRole(ControllerRole.SLAVE, 5).get(30, TimeUnit.SECONDS);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> sw.apply(add(12)).get(30, TimeUnit.SECONDS));
        assertInstanceOf(OpenFlowErrorException.class, refused.getCause());
        List<Flow> held = sw.dumpFlows().get(30, TimeUnit.SECONDS);
        assertEquals(1, held.size(), "a slave's flow-mod reached the table: " + held);
        assertEquals(11, held.get(0).priority());

        sw.requestRole(ControllerRole.MASTER, 6).get(30, TimeUnit.SECONDS);   // a takeover: the next generation
        sw.apply(add(12)).get(30, TimeUnit.SECONDS);
        assertEquals(2, sw.dumpFlows().get(30, TimeUnit.SECONDS).size());
    }
}
