package dev.muon.pipeline.flow;

import static dev.muon.pipeline.flow.Match.Field.*;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Every table of every bridge Muon programs, declared once: bridge kind, number,
 * Neutron's name and the match fields its flows may use. Flows are built only through
 * {@link #flow(int)}, which refuses a flow that uses an undeclared field, so a
 * pipeline bug fails in a unit test rather than in a lab.
 */
public enum PipelineTable {
    INT_LOCAL_SWITCHING(BridgeKind.INTEGRATION, 0, "LOCAL_SWITCHING", EnumSet.of(IN_PORT, VLAN, ETH_SRC, ETH_DST, ETH_TYPE, IP_PROTO, UDP_SRC, UDP_DST, ICMPV6_TYPE)),
    INT_CANARY(BridgeKind.INTEGRATION, 23, "CANARY", EnumSet.noneOf(Match.Field.class)),
    INT_ARP_SPOOF(BridgeKind.INTEGRATION, 24, "ARP_SPOOF", EnumSet.of(IN_PORT, ETH_TYPE, ARP_SPA, IP_PROTO, ICMPV6_TYPE, ND_TARGET)),
    INT_MAC_SPOOF(BridgeKind.INTEGRATION, 25, "MAC_SPOOF", EnumSet.of(IN_PORT, ETH_SRC)),

    TUN_LOCAL(BridgeKind.TUNNEL, 0, "LOCAL", EnumSet.of(IN_PORT)),
    TUN_PATCH_LV_TO_TUN(BridgeKind.TUNNEL, 2, "PATCH_LV_TO_TUN", EnumSet.of(ETH_DST, ETH_TYPE, ARP_OP)),
    TUN_VXLAN_TUN_TO_LV(BridgeKind.TUNNEL, 4, "VXLAN_TUN_TO_LV", EnumSet.of(TUN_ID)),
    TUN_DVR_NOT_LEARN(BridgeKind.TUNNEL, 9, "DVR_NOT_LEARN", EnumSet.of(ETH_SRC)),
    TUN_LEARN_FROM_TUN(BridgeKind.TUNNEL, 10, "LEARN_FROM_TUN", EnumSet.noneOf(Match.Field.class)),
    TUN_UCAST_TO_TUN(BridgeKind.TUNNEL, 20, "UCAST_TO_TUN", EnumSet.of(VLAN, ETH_DST)),
    TUN_ARP_RESPONDER(BridgeKind.TUNNEL, 21, "ARP_RESPONDER", EnumSet.of(VLAN, ETH_TYPE, ARP_OP, ARP_TPA)),
    TUN_FLOOD_TO_TUN(BridgeKind.TUNNEL, 22, "FLOOD_TO_TUN", EnumSet.of(VLAN)),

    /** br-phys (a bridge of muon-bridge-mappings): local VLAN ⇄ provider VLAN, as Neutron's br-ethX. */
    PHYS_LOCAL_SWITCHING(BridgeKind.PHYSICAL, 0, "LOCAL_SWITCHING", EnumSet.of(IN_PORT, VLAN)),

    /** tbr-… (a trunk's bridge, between a VLAN-aware VM and br-int): untagged ⇄ parent, VLAN ⇄ its subport. */
    TRUNK_LOCAL(BridgeKind.TRUNK, 0, "TRUNK", EnumSet.of(IN_PORT, VLAN));

    /** The kinds of bridge Muon owns on a node. */
    public enum BridgeKind { INTEGRATION, TUNNEL, PHYSICAL, TRUNK }

    private final BridgeKind bridge;
    private final int number;
    private final String neutronName;
    private final Set<Match.Field> allowed;

    PipelineTable(BridgeKind bridge, int number, String neutronName, Set<Match.Field> allowed) {
        this.bridge = bridge;
        this.number = number;
        this.neutronName = neutronName;
        this.allowed = allowed;
    }

    public BridgeKind bridge() {
        return bridge;
    }

    public int number() {
        return number;
    }

    public String neutronName() {
        return neutronName;
    }

    public FlowBuilder flow(int priority) {
        return new FlowBuilder(this, priority);
    }

    void check(Match match) {
        Set<Match.Field> used = match.fields();
        used.removeAll(allowed);
        if (!used.isEmpty()) {
            throw new IllegalArgumentException(this + " (table " + number + ") may not match on " + used);
        }
    }

    /**
     * goto_table only moves forward (OpenFlow refuses a jump back) and only within the same
     * bridge, to a declared table, and only as the last instruction.
     */
    void checkActions(List<Action> actions) {
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) instanceof Action.GotoTable g) {
                if (i != actions.size() - 1) {
                    throw new IllegalArgumentException(this + ": goto_table must come last");
                }
                boolean declared = Arrays.stream(values()).anyMatch(t -> t.bridge == bridge && t.number == g.table());
                if (!declared || g.table() <= number) {
                    throw new IllegalArgumentException(this + " (table " + number + ") cannot go to table " + g.table()
                            + ": only forward, to a table declared for the same bridge");
                }
            }
        }
    }
}
