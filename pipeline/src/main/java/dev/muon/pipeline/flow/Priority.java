package dev.muon.pipeline.flow;

import static dev.muon.pipeline.flow.PipelineTable.*;

/**
 * Named priority bands, per table: what outranks what is decided here, once, instead of in
 * literals across the modules (Faucet's valve_manager_base does the same). A band has a base
 * and a span: a flow takes base + offset with 0 ≤ offset ≤ span, e.g. longest-prefix routing
 * at 100 + prefix length. {@link #MISS} (0) belongs to every table.
 */
public enum Priority {
    /** A table's catch-all: drop, NORMAL or continue, as the catalogue's Miss says. */
    MISS(null, 0),

    // br-int table 0, LOCAL_SWITCHING
    DEAD_VLAN_DROP(INT_LOCAL_SWITCHING, 65535),
    /** Above every per-VIF flow, so a DHCPDISCOVER is never switched, so never flooded. */
    DHCP_TO_CONTROLLER(INT_LOCAL_SWITCHING, 20),
    /** A VIF's ARP and neighbour advertisements to table 24. */
    VIF_NEIGHBOUR_CHECK(INT_LOCAL_SWITCHING, 10),
    /** A VIF's other frames to table 25 (60 without port security), with its port and local VLAN in reg5/reg6. */
    VIF_MAC_CHECK(INT_LOCAL_SWITCHING, 9),
    /** A frame another node routed (its DVR MAC as source), from a physical bridge: above the VLAN translation. */
    DVR_MAC_FROM_PHYSICAL(INT_LOCAL_SWITCHING, 4),
    /** A frame another node routed (its DVR MAC as source), from br-tun. */
    DVR_MAC_FROM_TUNNEL(INT_LOCAL_SWITCHING, 2),
    /** Neutron's provision_local_vlan on br-int: provider VLAN (or untagged) to the local VLAN. */
    PROVIDER_TO_LOCAL_VLAN(INT_LOCAL_SWITCHING, 3),
    /** Frames from a port that must carry nothing (a physical bridge's other VLANs, a dead VIF). */
    PORT_DROP(INT_LOCAL_SWITCHING, 2),
    /** From the external network, IP to an address this node serves (a gateway, a floating IP): to 75. */
    EXTERNAL_TO_ROUTER(INT_LOCAL_SWITCHING, 6),
    /** From the external network, an ARP reply to an address this node serves: the upstream's MAC, to the controller. */
    UPSTREAM_ARP_REPLY(INT_LOCAL_SWITCHING, 6),

    // br-int tables 24/25, anti-spoofing
    ALLOWED_NEIGHBOUR(INT_ARP_SPOOF, 2),
    ALLOWED_SOURCE_MAC(INT_MAC_SPOOF, 2),

    // br-int table 1/2, DVR (issue 9)
    DVR_DELIVER_LOCAL(INT_DVR_TO_SRC_MAC, 4),
    DVR_DELIVER_LOCAL_VLAN(INT_DVR_TO_SRC_MAC_VLAN, 4),
    /** SNAT node: default-routed traffic another node sent to a router's gateway MAC, to SNAT. */
    SNAT_ARRIVAL(INT_DVR_TO_SRC_MAC, 5),
    SNAT_ARRIVAL_VLAN(INT_DVR_TO_SRC_MAC_VLAN, 5),

    // br-int L3 (issues 9 and 10): responders above routing; FIP above SNAT; longest prefix first
    ROUTER_HOOK(INT_ACCEPT_OR_INGRESS, 100),
    ROUTER_RESPONDER(INT_L3_INPUT, 100),
    ROUTER_INPUT(INT_L3_INPUT, 90),
    FLOATING_IP_INGRESS(INT_EXT_INGRESS, 110),
    GATEWAY_INGRESS(INT_EXT_INGRESS, 100),
    /** A router without SNAT: whatever reaches its gateway MAC is routed in. */
    ROUTED_INGRESS(INT_EXT_INGRESS, 90),
    NAT_INVALID_DROP(INT_NAT_INGRESS, 110),
    NAT_RETURN(INT_NAT_INGRESS, 100),
    /** A new connection to a floating IP, translated to its fixed IP. */
    FLOATING_IP_NEW(INT_NAT_INGRESS, 90),
    /** 100 + prefix length: a longer prefix wins. */
    ROUTE_PREFIX(INT_L3_ROUTE, 100, 128),
    /** Above every route: an echo request to one of the router's addresses, answered in place. */
    ROUTER_ECHO(INT_L3_ROUTE, 250),
    /** Below every route: ICMP net unreachable from the controller. */
    NO_ROUTE(INT_L3_ROUTE, 1),
    FLOATING_IP_EGRESS(INT_EXT_EGRESS, 200),
    SNAT_REDIRECT(INT_EXT_EGRESS, 100),
    SNAT(INT_SNAT_EGRESS, 100),
    FLOATING_IP_OUT(INT_SNAT_EGRESS, 200),
    NEIGHBOR(INT_L3_NEIGHBOR, 100),
    /** Above every neighbour: too big for the way out (check_pkt_larger set reg0 bit 0), to the controller. */
    TOO_BIG(INT_L3_NEIGHBOR, 200),

    // br-int security groups (issue 11): Neutron's openvswitch firewall's priorities
    /** A filtered VIF's frames to the egress firewall (71). */
    TRANSIENT_VIF(INT_TRANSIENT, 100),
    /** A frame from br-tun or a physical bridge to a filtered local port: to its ingress firewall (81). */
    TRANSIENT_TO_LOCAL_PORT(INT_TRANSIENT, 90),
    /** ARP and the ICMPv6 neighbour discovery a VM needs pass without conntrack. */
    SG_EGRESS_NEIGHBOUR(INT_BASE_EGRESS, 95),
    /** The VM as a DHCP client. */
    SG_EGRESS_DHCP_CLIENT(INT_BASE_EGRESS, 80),
    /** The VM as a DHCP server or an IPv6 router: dropped. */
    SG_EGRESS_SERVER_DROP(INT_BASE_EGRESS, 70),
    /** IP from one of the port's (MAC, address) pairs: conntrack lookup, then the rules. */
    SG_EGRESS_SOURCE(INT_BASE_EGRESS, 65),
    /** Anything else from the port, a spoofed IP source among it: dropped. */
    SG_EGRESS_PORT_DROP(INT_BASE_EGRESS, 10),
    /** A rule without a remote group; above the conjunctions only so that a trace names the plainer rule. */
    SG_RULE_EGRESS(INT_RULES_EGRESS, 74),
    /** Remote-group rules: conjunction clauses and the conj_id flows that accept. */
    SG_CONJUNCTION_EGRESS(INT_RULES_EGRESS, 70),
    /** Connection state: invalid or revoked (ct_mark) dropped, replies and related accepted. */
    SG_STATE_EGRESS(INT_RULES_EGRESS, 50),
    /** No rule matched: a new connection dropped, an established one marked revoked and dropped. */
    SG_UNMATCHED_EGRESS(INT_RULES_EGRESS, 40),
    /** L2 from a local VIF to a filtered port on the same network: to its ingress firewall (81). */
    LOCAL_PORT_INGRESS(INT_ACCEPT_OR_INGRESS, 50),
    SG_INGRESS_NEIGHBOUR(INT_BASE_INGRESS, 100),
    /** DHCP offers and replies to the VM. */
    SG_INGRESS_DHCP(INT_BASE_INGRESS, 95),
    /** IP to the port: conntrack lookup in its network's zone, then the rules. */
    SG_INGRESS_TRACK(INT_BASE_INGRESS, 90),
    /** Anything else to the port: dropped. */
    SG_INGRESS_PORT_DROP(INT_BASE_INGRESS, 10),
    SG_RULE_INGRESS(INT_RULES_INGRESS, 74),
    SG_CONJUNCTION_INGRESS(INT_RULES_INGRESS, 70),
    SG_STATE_INGRESS(INT_RULES_INGRESS, 50),
    SG_UNMATCHED_INGRESS(INT_RULES_INGRESS, 40),

    // br-tun
    TUNNEL_PORT_IN(TUN_LOCAL, 1),
    DVR_ROUTER_ARP_LOCAL(TUN_DVR_PROCESS, 3),
    DVR_ROUTER_MAC_LOCAL(TUN_DVR_PROCESS, 2),
    DVR_SOURCE_REWRITE(TUN_DVR_PROCESS, 1),
    /** ARP broadcasts to the responder, above the unicast/multicast split. */
    ARP_TO_RESPONDER(TUN_PATCH_LV_TO_TUN, 1),
    /** Unicast to 20, multicast to 22: the whole address space in two flows. */
    CAST_SPLIT(TUN_PATCH_LV_TO_TUN, 0),
    VNI_TO_LOCAL_VLAN(TUN_VXLAN_TUN_TO_LV, 1),
    DVR_MAC_NOT_LEARNT(TUN_DVR_NOT_LEARN, 1),
    TO_INTEGRATION(TUN_LEARN_FROM_TUN, 1),
    REMOTE_MAC(TUN_UCAST_TO_TUN, 2),
    ARP_ANSWER(TUN_ARP_RESPONDER, 1),
    FLOOD(TUN_FLOOD_TO_TUN, 1),

    // br-phys
    LOCAL_TO_PROVIDER_VLAN(PHYS_LOCAL_SWITCHING, 4),
    /** ARP from the external network for an address this node serves, answered in place. */
    EXTERNAL_ARP_RESPONDER(PHYS_LOCAL_SWITCHING, 10),
    FROM_INTEGRATION_DROP(PHYS_LOCAL_SWITCHING, 2),
    DVR_ROUTER_ARP_LOCAL_VLAN(PHYS_DVR_PROCESS, 3),
    DVR_ROUTER_MAC_LOCAL_VLAN(PHYS_DVR_PROCESS, 2),
    DVR_SOURCE_REWRITE_VLAN(PHYS_DVR_PROCESS, 1),

    // tbr-
    TRUNK_VLAN_MAP(TRUNK_LOCAL, 2);

    private final PipelineTable table;
    private final int base;
    private final int span;

    Priority(PipelineTable table, int base) {
        this(table, base, 0);
    }

    Priority(PipelineTable table, int base, int span) {
        this.table = table;
        this.base = base;
        this.span = span;
    }

    /** The table this band belongs to; null for {@link #MISS}, which every table has. */
    public PipelineTable table() { return table; }

    public int base() { return base; }

    public int span() { return span; }

    void check(PipelineTable t, int offset) {
        if (table != null && table != t) {
            throw new IllegalArgumentException(this + " is a priority of " + table + ", not of " + t);
        }
        if (offset < 0 || offset > span) {
            throw new IllegalArgumentException(this + " spans " + base + ".." + (base + span) + "; offset " + offset
                    + " is outside it");
        }
    }
}
