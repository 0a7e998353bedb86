package dev.muon.pipeline.flow;

import static dev.muon.pipeline.flow.Field.*;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The table catalogue: every table of every bridge Muon programs, declared once with its
 * bridge, number and Neutron name, the fields its flows may match and set, the tables a flow
 * may continue to ({@code goto_table}: forward only; {@code resubmit} and {@code ct(table=)}:
 * anywhere on the bridge, listed apart), what happens to a packet no flow matches, and whether
 * it is in use yet. Flows are built only through {@link #flow(Priority)}, which refuses a flow
 * that breaks any of this, so a pipeline bug fails in a unit test rather than in a lab.
 *
 * <p>Tables marked {@link Use#RESERVED} are declared for the features that come next (DVR
 * routing, NAT, security groups, as design.md lays them out); no flow goes into them yet and
 * the skeleton writes no miss flow for them.
 */
public enum PipelineTable {
    // br-int (Neutron's br_int, plus the openvswitch firewall's and Muon's L3 tables)
    INT_LOCAL_SWITCHING(BridgeKind.INTEGRATION, 0, "LOCAL_SWITCHING", Use.ACTIVE, Miss.GOTO_NEXT,
            "VIF traffic to anti-spoofing, provider VLAN to local VLAN, DHCP to the controller, other nodes' DVR MACs to 1/2, the rest to 60",
            EnumSet.of(IN_PORT, VLAN_VID, ETH_SRC, ETH_DST, ETH_TYPE, IP_PROTO, UDP_SRC, UDP_DST, ICMPV6_TYPE, ARP_OP),
            EnumSet.of(VLAN_VID, REG5, REG6)),
    INT_DVR_TO_SRC_MAC(BridgeKind.INTEGRATION, 1, "DVR_TO_SRC_MAC", Use.ACTIVE, Miss.DROP,
            "routed frame from another node (VXLAN): DVR MAC back to the router interface MAC, deliver",
            EnumSet.of(VLAN_VID, ETH_DST, ETH_SRC), EnumSet.of(VLAN_VID, ETH_SRC, REG4, REG5, REG6)),
    INT_DVR_TO_SRC_MAC_VLAN(BridgeKind.INTEGRATION, 2, "DVR_TO_SRC_MAC_VLAN", Use.ACTIVE, Miss.DROP,
            "the same for VLAN and flat networks (from a physical bridge)",
            EnumSet.of(IN_PORT, VLAN_VID, ETH_DST, ETH_SRC), EnumSet.of(VLAN_VID, ETH_SRC, REG4, REG5, REG6)),
    INT_CANARY(BridgeKind.INTEGRATION, 23, "CANARY", Use.ACTIVE, Miss.DROP,
            "never matched; its flow's presence tells that the bridge was programmed",
            EnumSet.noneOf(Field.class), EnumSet.noneOf(Field.class)),
    INT_ARP_SPOOF(BridgeKind.INTEGRATION, 24, "ARP_SPOOF", Use.ACTIVE, Miss.DROP,
            "ARP and IPv6 neighbour advertisements only from the port's addresses",
            EnumSet.of(IN_PORT, ETH_TYPE, ARP_SPA, IP_PROTO, ICMPV6_TYPE, ND_TARGET), EnumSet.noneOf(Field.class)),
    INT_MAC_SPOOF(BridgeKind.INTEGRATION, 25, "MAC_SPOOF", Use.ACTIVE, Miss.TABLE_MISS,
            "frames only from the port's MACs; then the next stage",
            EnumSet.of(IN_PORT, ETH_SRC), EnumSet.noneOf(Field.class)),
    INT_TRANSIENT(BridgeKind.INTEGRATION, 60, "TRANSIENT", Use.ACTIVE, Miss.GOTO_NEXT,
            "a filtered VIF's frames to 71; from br-tun or a physical bridge to a filtered local port: to 81; the rest to 73",
            EnumSet.of(IN_PORT, VLAN_VID, ETH_DST), EnumSet.of(VLAN_VID, REG5, REG6)),
    INT_BASE_EGRESS(BridgeKind.INTEGRATION, 71, "BASE_EGRESS", Use.ACTIVE, Miss.DROP,
            "security groups, egress: ARP/ND and DHCP pass, IP only from the port's addresses, ct lookup in the network's zone",
            EnumSet.of(IN_PORT, ETH_SRC, ETH_TYPE, IP_PROTO, IPV4_SRC, IPV6_SRC, UDP_SRC, UDP_DST, ICMPV6_TYPE),
            EnumSet.noneOf(Field.class)),
    INT_RULES_EGRESS(BridgeKind.INTEGRATION, 72, "RULES_EGRESS", Use.ACTIVE, Miss.DROP,
            "security groups, egress: the rules (conjunctions for remote groups), commit; revoked connections marked",
            EnumSet.of(CONJ_ID, CT_STATE, CT_MARK, REG5, REG6, ETH_TYPE, IPV6_DST, IPV4_DST, IP_PROTO, ICMPV4_TYPE,
                    ICMPV4_CODE, ICMPV6_TYPE, ICMPV6_CODE, TCP_DST, UDP_DST),
            EnumSet.of(CT_MARK)),
    INT_ACCEPT_OR_INGRESS(BridgeKind.INTEGRATION, 73, "ACCEPT_OR_INGRESS", Use.ACTIVE, Miss.NORMAL_VIA_91,
            "L3 hook: frames for a router interface to 74, to a local SG port to 81, else 91",
            EnumSet.of(REG5, REG6, ETH_DST, ETH_TYPE, ARP_TPA), EnumSet.of(REG5)),
    INT_L3_INPUT(BridgeKind.INTEGRATION, 74, "L3_INPUT", Use.ACTIVE, Miss.DROP,
            "router interfaces: ARP and ICMP echo answered in place; IP to the router's table",
            EnumSet.of(REG6, ETH_DST, ETH_TYPE, ARP_OP, ARP_TPA, IP_PROTO, IPV4_DST, IPV6_DST, ICMPV4_TYPE, ICMPV4_CODE,
                    ICMPV6_TYPE, ICMPV6_CODE),
            EnumSet.of(ETH_SRC, ETH_DST, ARP_OP, ARP_SHA, ARP_THA, ARP_SPA, ARP_TPA, IPV4_SRC, IPV4_DST, ICMPV4_TYPE,
                    NW_TTL, REG4)),
    INT_EXT_INGRESS(BridgeKind.INTEGRATION, 75, "EXT_INGRESS", Use.ACTIVE, Miss.DROP,
            "from the external network: floating IPs and the gateway IP, through conntrack NAT",
            EnumSet.of(REG6, ETH_DST, ETH_TYPE, IPV4_DST), EnumSet.of(REG4)),
    INT_NAT_INGRESS(BridgeKind.INTEGRATION, 76, "NAT_INGRESS", Use.ACTIVE, Miss.DROP,
            "after conntrack NAT: established/related or new FIP connections, routed on",
            EnumSet.of(REG4, CT_STATE, ETH_TYPE, IPV4_DST), EnumSet.of(ETH_SRC, REG6)),
    INT_L3_ROUTE(BridgeKind.INTEGRATION, 77, "L3_ROUTE", Use.ACTIVE, Miss.DROP,
            "longest prefix match per router; TTL decremented; next hop to reg1; too big for the way out to reg0",
            EnumSet.of(REG4, ETH_TYPE, IPV4_DST, IPV6_DST, NW_TTL, IP_PROTO, ICMPV4_TYPE, ICMPV4_CODE),
            EnumSet.of(ETH_SRC, ETH_DST, IPV4_SRC, IPV4_DST, ICMPV4_TYPE, NW_TTL, REG0, REG1, REG2, REG3, REG6)),
    INT_EXT_EGRESS(BridgeKind.INTEGRATION, 78, "EXT_EGRESS", Use.ACTIVE, Miss.DROP,
            "default-routed traffic: floating IP egress here, SNAT here or to the network node",
            EnumSet.of(REG4, REG6, ETH_TYPE, IPV4_SRC), EnumSet.of(ETH_SRC, ETH_DST, VLAN_VID, IPV4_SRC)),
    INT_SNAT_EGRESS(BridgeKind.INTEGRATION, 79, "SNAT_EGRESS", Use.ACTIVE, Miss.DROP,
            "out to the external network: a floating IP's source NAT, or the router's (on its SNAT node)",
            EnumSet.of(REG4, REG6, ETH_TYPE, IPV4_SRC), EnumSet.of(ETH_SRC, ETH_DST, VLAN_VID)),
    INT_L3_NEIGHBOR(BridgeKind.INTEGRATION, 80, "L3_NEIGHBOR", Use.ACTIVE, Miss.DROP,
            "next hop's MAC from the model (no ARP): local ports to 81, remote ones to br-tun or the physical bridge",
            EnumSet.of(REG0, REG1, REG6, ETH_TYPE), EnumSet.of(ETH_DST, VLAN_VID, REG5)),
    INT_BASE_INGRESS(BridgeKind.INTEGRATION, 81, "BASE_INGRESS", Use.ACTIVE, Miss.OUTPUT_OUT_PORT,
            "security groups, ingress: ARP/ND and DHCP pass, IP to a ct lookup in the network's zone; no port security: out of the port in reg5",
            EnumSet.of(REG5, ETH_TYPE, IP_PROTO, UDP_SRC, UDP_DST, ICMPV6_TYPE),
            EnumSet.noneOf(Field.class)),
    INT_RULES_INGRESS(BridgeKind.INTEGRATION, 82, "RULES_INGRESS", Use.ACTIVE, Miss.DROP,
            "security groups, ingress: the rules (conjunctions for remote groups), commit, out of the port; revoked connections marked",
            EnumSet.of(CONJ_ID, CT_STATE, CT_MARK, REG5, REG6, ETH_TYPE, IPV6_SRC, IPV4_SRC, IP_PROTO, ICMPV4_TYPE,
                    ICMPV4_CODE, ICMPV6_TYPE, ICMPV6_CODE, TCP_DST, UDP_DST),
            EnumSet.of(CT_MARK)),
    INT_ACCEPTED_EGRESS(BridgeKind.INTEGRATION, 91, "ACCEPTED_EGRESS_TRAFFIC_NORMAL", Use.ACTIVE, Miss.NORMAL,
            "accepted traffic not for a router: the bridge's switching",
            EnumSet.noneOf(Field.class), EnumSet.noneOf(Field.class)),

    // br-tun (Neutron's br_tun with l2population and the ARP responder, nothing learnt)
    TUN_LOCAL(BridgeKind.TUNNEL, 0, "LOCAL", Use.ACTIVE, Miss.DROP,
            "from patch-int to 1/2, from a tunnel to 4",
            EnumSet.of(IN_PORT), EnumSet.noneOf(Field.class)),
    TUN_DVR_PROCESS(BridgeKind.TUNNEL, 1, "DVR_PROCESS", Use.ACTIVE, Miss.GOTO_NEXT,
            "routed frames leave with the node's DVR MAC as source; router ARP stays local",
            EnumSet.of(VLAN_VID, ETH_SRC, ETH_DST, ETH_TYPE, ARP_TPA), EnumSet.of(ETH_SRC)),
    TUN_PATCH_LV_TO_TUN(BridgeKind.TUNNEL, 2, "PATCH_LV_TO_TUN", Use.ACTIVE, Miss.TABLE_MISS,
            "unicast to 20, broadcast and multicast to 22, ARP requests to the responder 21",
            EnumSet.of(ETH_DST, ETH_TYPE, ARP_OP), EnumSet.noneOf(Field.class)),
    TUN_VXLAN_TUN_TO_LV(BridgeKind.TUNNEL, 4, "VXLAN_TUN_TO_LV", Use.ACTIVE, Miss.DROP,
            "VNI to local VLAN",
            EnumSet.of(TUN_ID), EnumSet.of(VLAN_VID)),
    TUN_DVR_NOT_LEARN(BridgeKind.TUNNEL, 9, "DVR_NOT_LEARN", Use.ACTIVE, Miss.GOTO_NEXT,
            "frames from other nodes' DVR MACs to br-int without learning",
            EnumSet.of(ETH_SRC), EnumSet.noneOf(Field.class)),
    TUN_LEARN_FROM_TUN(BridgeKind.TUNNEL, 10, "LEARN_FROM_TUN", Use.ACTIVE, Miss.TABLE_MISS,
            "to br-int (Neutron learns here; Muon fills table 20 from the model instead)",
            EnumSet.noneOf(Field.class), EnumSet.noneOf(Field.class)),
    TUN_UCAST_TO_TUN(BridgeKind.TUNNEL, 20, "UCAST_TO_TUN", Use.ACTIVE, Miss.GOTO_NEXT,
            "every remote MAC of every local network: out of its node's tunnel with the VNI",
            EnumSet.of(VLAN_VID, ETH_DST), EnumSet.of(VLAN_VID, TUN_ID)),
    TUN_ARP_RESPONDER(BridgeKind.TUNNEL, 21, "ARP_RESPONDER", Use.ACTIVE, Miss.GOTO_NEXT,
            "ARP requests for remote ports' IPs answered in place",
            EnumSet.of(VLAN_VID, ETH_TYPE, ARP_OP, ARP_TPA),
            EnumSet.of(ETH_SRC, ETH_DST, ARP_OP, ARP_SHA, ARP_THA, ARP_SPA, ARP_TPA)),
    TUN_FLOOD_TO_TUN(BridgeKind.TUNNEL, 22, "FLOOD_TO_TUN", Use.ACTIVE, Miss.DROP,
            "floods only to the nodes where the network has ports",
            EnumSet.of(VLAN_VID), EnumSet.of(VLAN_VID, TUN_ID)),

    // br-phys: a bridge of muon-bridge-mappings, as Neutron's br-ethX / br-ex
    PHYS_LOCAL_SWITCHING(BridgeKind.PHYSICAL, 0, "LOCAL_SWITCHING", Use.ACTIVE, Miss.NORMAL,
            "local VLAN to provider VLAN (untagged for flat); other VLANs from br-int dropped",
            EnumSet.of(IN_PORT, VLAN_VID, ETH_DST, ETH_TYPE, ARP_OP, ARP_TPA),
            EnumSet.of(VLAN_VID, ETH_SRC, ETH_DST, ARP_OP, ARP_SHA, ARP_THA, ARP_SPA, ARP_TPA)),
    PHYS_DVR_PROCESS(BridgeKind.PHYSICAL, 1, "DVR_PROCESS_VLAN", Use.ACTIVE, Miss.NORMAL,
            "routed frames leave VLAN and flat networks with the node's DVR MAC as source; router ARP stays local",
            EnumSet.of(VLAN_VID, ETH_SRC, ETH_DST, ETH_TYPE, ARP_TPA), EnumSet.of(ETH_SRC)),

    // tbr-…: a trunk's bridge, between a VLAN-aware VM and br-int
    TRUNK_LOCAL(BridgeKind.TRUNK, 0, "TRUNK", Use.ACTIVE, Miss.DROP,
            "untagged to the parent's patch, VLAN S to its subport's with the tag popped, and back",
            EnumSet.of(IN_PORT, VLAN_VID), EnumSet.of(VLAN_VID));

    /** The kinds of bridge Muon owns on a node. */
    public enum BridgeKind { INTEGRATION, TUNNEL, PHYSICAL, TRUNK }

    /** Whether a table carries flows yet. */
    public enum Use { ACTIVE, RESERVED }

    /** What becomes of a packet no flow of the table matches. */
    public enum Miss {
        /** An explicit priority-0 drop flow. */
        DROP,
        /** A priority-0 flow to the bridge's NORMAL switching. */
        NORMAL,
        /** A priority-0 goto to the single table this one continues to. */
        GOTO_NEXT,
        /** A priority-0 goto to table 91, which switches NORMAL after the firewall. */
        NORMAL_VIA_91,
        /** A priority-0 flow out of the port reg5 names. */
        OUTPUT_OUT_PORT,
        /** No flow: the concern modules cover every packet (OpenFlow's own table miss drops). */
        TABLE_MISS
    }

    private final BridgeKind bridge;
    private final int number;
    private final String neutronName;
    private final Use use;
    private final Miss miss;
    private final String role;
    private final Set<Field> matches;
    private final Set<Field> sets;
    private Set<PipelineTable> gotos = Set.of();
    private Set<PipelineTable> recirculates = Set.of();
    /** Where a {@link Miss#GOTO_NEXT} miss goes when the table may goto several. */
    private PipelineTable missTo;

    PipelineTable(BridgeKind bridge, int number, String neutronName, Use use, Miss miss, String role,
                  Set<Field> matches, Set<Field> sets) {
        this.bridge = bridge;
        this.number = number;
        this.neutronName = neutronName;
        this.use = use;
        this.miss = miss;
        this.role = role;
        this.matches = matches;
        this.sets = sets;
    }

    // Where each table may continue. goto_table only forward; resubmit and ct(table=) anywhere on the bridge.
    static {
        INT_LOCAL_SWITCHING.continues(gotos(INT_DVR_TO_SRC_MAC, INT_DVR_TO_SRC_MAC_VLAN, INT_ARP_SPOOF, INT_MAC_SPOOF,
                INT_TRANSIENT, INT_EXT_INGRESS));
        INT_LOCAL_SWITCHING.missesTo(INT_TRANSIENT);
        INT_DVR_TO_SRC_MAC.continues(gotos(INT_SNAT_EGRESS, INT_BASE_INGRESS));
        INT_DVR_TO_SRC_MAC_VLAN.continues(gotos(INT_SNAT_EGRESS, INT_BASE_INGRESS));
        INT_ARP_SPOOF.continues(gotos(INT_MAC_SPOOF, INT_TRANSIENT));
        INT_MAC_SPOOF.continues(gotos(INT_TRANSIENT));
        INT_TRANSIENT.continues(gotos(INT_BASE_EGRESS, INT_ACCEPT_OR_INGRESS, INT_BASE_INGRESS));
        INT_TRANSIENT.missesTo(INT_ACCEPT_OR_INGRESS);
        INT_BASE_EGRESS.continues(gotos(INT_RULES_EGRESS, INT_ACCEPT_OR_INGRESS), INT_RULES_EGRESS);
        INT_RULES_EGRESS.continues(gotos(INT_ACCEPT_OR_INGRESS));
        INT_ACCEPT_OR_INGRESS.continues(gotos(INT_L3_INPUT, INT_BASE_INGRESS, INT_ACCEPTED_EGRESS));
        INT_L3_INPUT.continues(gotos(INT_L3_ROUTE));
        INT_EXT_INGRESS.continues(gotos(INT_L3_ROUTE), INT_NAT_INGRESS);
        INT_NAT_INGRESS.continues(gotos(INT_L3_ROUTE));
        INT_L3_ROUTE.continues(gotos(INT_EXT_EGRESS, INT_L3_NEIGHBOR));
        INT_EXT_EGRESS.continues(gotos(INT_SNAT_EGRESS));
        INT_L3_NEIGHBOR.continues(gotos(INT_BASE_INGRESS));
        INT_BASE_INGRESS.continues(gotos(INT_RULES_INGRESS), INT_RULES_INGRESS);

        TUN_LOCAL.continues(gotos(TUN_DVR_PROCESS, TUN_PATCH_LV_TO_TUN, TUN_VXLAN_TUN_TO_LV));
        TUN_DVR_PROCESS.continues(gotos(TUN_PATCH_LV_TO_TUN));
        TUN_PATCH_LV_TO_TUN.continues(gotos(TUN_UCAST_TO_TUN, TUN_ARP_RESPONDER, TUN_FLOOD_TO_TUN));
        TUN_VXLAN_TUN_TO_LV.continues(gotos(TUN_DVR_NOT_LEARN));
        TUN_DVR_NOT_LEARN.continues(gotos(TUN_LEARN_FROM_TUN));
        TUN_UCAST_TO_TUN.continues(gotos(TUN_FLOOD_TO_TUN));
        TUN_ARP_RESPONDER.continues(gotos(TUN_FLOOD_TO_TUN));

        PHYS_LOCAL_SWITCHING.continues(gotos(PHYS_DVR_PROCESS));

        for (PipelineTable t : values()) {
            for (PipelineTable g : t.gotos) {
                if (g.bridge != t.bridge || g.number <= t.number) {
                    throw new IllegalStateException(t + " cannot goto " + g + ": only forward, on the same bridge");
                }
            }
            for (PipelineTable r : t.recirculates) {
                if (r.bridge != t.bridge) {
                    throw new IllegalStateException(t + " cannot resubmit to " + r + " on another bridge");
                }
            }
            if (t.miss == Miss.GOTO_NEXT && t.missTo == null && t.gotos.size() != 1) {
                throw new IllegalStateException(t + ": a miss that continues needs exactly one next table");
            }
            if (t.missTo != null && !t.gotos.contains(t.missTo)) {
                throw new IllegalStateException(t + " cannot miss to " + t.missTo + ", which it may not goto");
            }
        }
    }

    private static Set<PipelineTable> gotos(PipelineTable... ts) {
        return Set.of(ts);
    }

    private void missesTo(PipelineTable target) {
        this.missTo = target;
    }

    private void continues(Set<PipelineTable> gotoTargets, PipelineTable... resubmitTargets) {
        this.gotos = gotoTargets;
        this.recirculates = Set.of(resubmitTargets);
    }

    public BridgeKind bridge() { return bridge; }

    public int number() { return number; }

    public String neutronName() { return neutronName; }

    public Use use() { return use; }

    public Miss miss() { return miss; }

    /** One line on what the table does, for docs and the tracer. */
    public String role() { return role; }

    public Set<Field> matches() { return matches; }

    public Set<Field> sets() { return sets; }

    /** The table a {@link Miss#GOTO_NEXT} miss continues to. */
    public PipelineTable next() {
        if (missTo != null) {
            return missTo;
        }
        if (gotos.size() != 1) {
            throw new IllegalStateException(this + " has no single next table");
        }
        return gotos.iterator().next();
    }

    public static List<PipelineTable> of(BridgeKind bridge) {
        return Arrays.stream(values()).filter(t -> t.bridge == bridge).toList();
    }

    public static PipelineTable byNumber(BridgeKind bridge, int number) {
        for (PipelineTable t : values()) {
            if (t.bridge == bridge && t.number == number) {
                return t;
            }
        }
        throw new IllegalArgumentException("no table " + number + " on a " + bridge + " bridge");
    }

    /** A flow for this table at a priority of its band. */
    public FlowBuilder flow(Priority priority) {
        return flow(priority, 0);
    }

    /** A flow at {@code priority}'s base plus {@code offset} (e.g. a prefix length), within the band. */
    public FlowBuilder flow(Priority priority, int offset) {
        priority.check(this, offset);
        return new FlowBuilder(this, priority.base() + offset);
    }

    void check(Match match) {
        for (Field f : match.fields()) {
            if (!matches.contains(f)) {
                throw new IllegalArgumentException(this + " (table " + number + ") may not match on "
                        + f.matchName() + " (" + f + "): " + match.toOfctl());
            }
        }
    }

    /**
     * goto_table only to a declared next table, and last; a meter first; resubmit and ct(table=) only to a
     * declared one; only declared fields set; a ct action only in a flow matching IP.
     */
    void checkActions(Match match, List<Action> actions) {
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            if (a instanceof Action.GotoTable g) {
                if (i != actions.size() - 1) {
                    throw new IllegalArgumentException(this + ": goto_table must come last");
                }
                requireNext(gotos, g.table(), "goto_table");
            } else if (a instanceof Action.UseMeter && i != 0) {
                throw new IllegalArgumentException(this + ": meter must come first");
            } else if (a instanceof Action.Resubmit r) {
                requireNext(recirculates, r.table(), "resubmit");
            } else if (a instanceof Action.Ct ct) {
                if (ct.table() != null) {
                    requireNext(recirculates, ct.table(), "ct(table=)");
                }
                Integer type = match.ethType();
                if (type == null || (type != Field.ETH_TYPE_IPV4 && type != Field.ETH_TYPE_IPV6)) {
                    throw new IllegalArgumentException(this + ": a ct action needs an IP match (eth_type ip or ipv6): "
                            + match.toOfctl());
                }
            }
            Field written = written(a);
            if (written != null && !sets.contains(written)) {
                throw new IllegalArgumentException(this + " (table " + number + ") may not set " + written.setName()
                        + ": " + a.toOfctl());
            }
        }
    }

    private void requireNext(Set<PipelineTable> allowed, int table, String how) {
        if (allowed.stream().noneMatch(t -> t.number == table)) {
            throw new IllegalArgumentException(this + " (table " + number + ") cannot " + how + " " + table
                    + "; it may go to " + allowed.stream().map(t -> Integer.toString(t.number)).sorted().toList());
        }
    }

    private static Field written(Action a) {
        if (a instanceof Action.SetField s) return s.field();
        if (a instanceof Action.Load l) return l.dst().field();
        if (a instanceof Action.Move m) return m.dst().field();
        if (a instanceof Action.SetVlanVid || a instanceof Action.PushVlan || a instanceof Action.PopVlan) return VLAN_VID;
        if (a instanceof Action.SetTunnelId) return TUN_ID;
        return null;
    }
}
