package dev.muon.pipeline.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FlowDiffTest {
    private static final long OWNER = Cookies.of(Cookies.Kind.PORT, "p1");
    private final Flow a = PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(OWNER).match(m -> m.inPort(1)).actions(Action.gotoTable(2)).build();
    private final Flow b = PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(OWNER).match(m -> m.inPort(2)).actions(Action.gotoTable(4)).build();

    @Test
    void identicalStateChangesNothing() {
        assertTrue(FlowDiff.between(List.of(a, b), List.of(b, a)).isEmpty());
    }

    @Test
    void missingFlowsAreAddedAndStaleOnesDeleted() {
        FlowChanges c = FlowDiff.between(List.of(a), List.of(b));
        assertEquals(List.of(b), c.upserts());
        assertEquals(List.of(a), c.deletes());
    }

    @Test
    void changedActionsOrCookieReplaceInPlace() {
        Flow a2 = PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(OWNER).match(m -> m.inPort(1)).actions(Action.gotoTable(4)).build();
        Flow a3 = new Flow(a.table(), a.priority(), 7, a.match(), a.actions());
        assertEquals(new FlowChanges(List.of(a2), List.of()), FlowDiff.between(List.of(a), List.of(a2)));
        assertEquals(new FlowChanges(List.of(a3), List.of()), FlowDiff.between(List.of(a), List.of(a3)));
    }

    @Test
    void sharedFlowObjectsAreSettledAndTheRestDiffedByMatch() {
        Flow b2 = PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(OWNER).match(m -> m.inPort(2)).actions(Action.gotoTable(1)).build();
        Flow c = PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(OWNER).match(m -> m.inPort(3)).actions(Action.gotoTable(2)).build();
        Flow d = PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(OWNER).match(m -> m.inPort(4)).actions(Action.gotoTable(2)).build();
        Flow aCopy = new Flow(a.table(), a.priority(), a.cookie(), a.match(), a.actions());
        // a: the same object on both sides; b: changed in place; c: gone; d: new; an equal copy changes nothing
        assertEquals(new FlowChanges(List.of(b2, d), List.of(c)), FlowDiff.between(List.of(a, b, c), List.of(a, b2, d)));
        assertTrue(FlowDiff.between(List.of(a, b), List.of(b, aCopy)).isEmpty());
    }

    @Test
    void rendersLikeOvsOfctl() {
        Flow f = PipelineTable.TUN_UCAST_TO_TUN.flow(Priority.REMOTE_MAC).cookie(0x10)
                .match(m -> m.vlan(1).ethDst("fa:16:3e:96:e2:a4"))
                .actions(Action.popVlan(), Action.setTunnelId(0x42), Action.output(3)).build();
        assertEquals("cookie=0x10, table=20, priority=2,dl_vlan=1,dl_dst=fa:16:3e:96:e2:a4 "
                + "actions=pop_vlan,set_field:0x42->tun_id,output:3", f.toOfctl());
        assertEquals("table=20,priority=2,cookie=0x10,dl_vlan=1,dl_dst=fa:16:3e:96:e2:a4,"
                + "actions=pop_vlan,set_field:0x42->tun_id,output:3", f.toAddFlowSpec());
    }

    @Test
    void aFlowWithoutAnOwnerIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).match(m -> m.inPort(1)).actions(Action.gotoTable(2)).build());
        assertTrue(e.getMessage().contains("owner"), e.getMessage());
        assertEquals(OWNER, PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(OWNER).match(m -> m.inPort(1))
                .actions(Action.gotoTable(2)).build().cookie());
    }
}
