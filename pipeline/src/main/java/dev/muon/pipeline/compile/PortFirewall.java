package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.load;
import static dev.muon.pipeline.flow.Action.output;
import static dev.muon.pipeline.flow.Action.popVlan;
import static dev.muon.pipeline.flow.PipelineTable.INT_ACCEPT_OR_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_BASE_EGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_BASE_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_RULES_EGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_RULES_INGRESS;
import static dev.muon.pipeline.flow.PipelineTable.INT_TRANSIENT;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.SecurityGroup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The firewall's frame around each filtered port, as Neutron's openvswitch firewall lays it out
 * (firewall.py: initialize_port_flows, _initialize_egress, _initialize_ingress): how its frames
 * reach the egress tables (60 → 71) and frames for it the ingress tables (60 from br-tun or a
 * physical bridge, 73 from a local VIF, and 1/2/80 routed, all → 81 with reg5 = the port); what
 * passes without rules (ARP, IPv6 neighbour discovery, DHCP as a client); that IP leaves only from
 * the port's own (MAC, address) pairs, so a spoofed IP source is dropped; the conntrack lookup in
 * the network's zone (reg6, the local VLAN); and in 72/82 what the connection's state decides
 * before and after the rules ({@link FirewallRules}).
 */
final class PortFirewall implements PipelineModule {
    /** ICMPv6 a VM may send without a rule: MLD (130–132), router and neighbour solicitations, advertisements. */
    private static final List<Integer> ND_EGRESS = List.of(130, 131, 132, 133, 135, 136);
    /** ICMPv6 a VM may receive without a rule: MLD, RS, RA, NS, NA (130–136). */
    private static final List<Integer> ND_INGRESS = List.of(130, 131, 132, 133, 134, 135, 136);
    static final long CT_MARK_REVOKED = 1;
    private static final int ROUTER_ADVERTISEMENT = 134;

    /**
     * What a port's firewall flows depend on (when no other port has taken one of its MACs): its
     * addresses as wired here, its groups and whether it is tracked.
     */
    private record Fragment(PortFlowKey port, List<SecurityGroup> groups, boolean stateful) {
    }

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        Set<String> steered = new HashSet<>();
        for (FilteredPort fp : FilteredPort.of(ctx)) {
            Port port = fp.local().port();
            long cookie = ctx.cookies().port(port.id(), port.name());
            List<String> keys = PortAddresses.macs(port).stream().map(mac -> fp.zone() + "/" + mac).toList();
            boolean free = keys.stream().noneMatch(steered::contains);
            List<Flow> flows = free
                    ? ctx.memo().fragment(new Fragment(PortFlowKey.of(fp.local(), cookie), fp.groups(), fp.stateful()), () -> portFlows(fp, cookie, Set.of()))
                    : portFlows(fp, cookie, steered);
            steered.addAll(keys);
            flows.forEach(f -> sink.add(Bridges.INTEGRATION, f));
        }
    }

    /** One port's flows; a MAC in {@code taken} (another port of its network has it) is not steered to it. */
    private static List<Flow> portFlows(FilteredPort fp, long cookie, Set<String> taken) {
        List<Flow> out = new ArrayList<>();
        int p = fp.ofport();
        int lv = fp.zone();
        out.add(INT_TRANSIENT.flow(Priority.TRANSIENT_VIF).cookie(cookie)
                .match(m -> m.inPort(p)).actions(gotoTable(INT_BASE_EGRESS.number())).build());
        Set<String> seen = new HashSet<>(taken);
        for (String mac : PortAddresses.macs(fp.local().port())) {
            if (!seen.add(lv + "/" + mac)) {
                continue;   // two ports of one network sharing a pair's MAC: the first (by ofport) has it
            }
            out.add(INT_TRANSIENT.flow(Priority.TRANSIENT_TO_LOCAL_PORT).cookie(cookie)
                    .match(m -> m.vlan(lv).ethDst(mac))
                    .action(popVlan()).actions(VifIngress.then(fp.local(), gotoTable(INT_BASE_INGRESS.number())))
                    .build());
            out.add(INT_ACCEPT_OR_INGRESS.flow(Priority.LOCAL_PORT_INGRESS).cookie(cookie)
                    .match(m -> m.reg(6, lv).ethDst(mac))
                    .actions(load(Subfield.whole(Field.REG5), p), gotoTable(INT_BASE_INGRESS.number())).build());
        }
        egress(out, fp, cookie);
        ingress(out, fp, cookie);
        if (fp.stateful()) {
            connectionState(out, fp, cookie, true);
            connectionState(out, fp, cookie, false);
        }
        return out;
    }

    private static void egress(List<Flow> out, FilteredPort fp, long cookie) {
        int p = fp.ofport();
        Action accept = gotoTable(INT_ACCEPT_OR_INGRESS.number());
        out.add(INT_BASE_EGRESS.flow(Priority.SG_EGRESS_NEIGHBOUR).cookie(cookie)
                .match(m -> m.ethType(Match.ETH_TYPE_ARP).inPort(p)).actions(accept).build());
        for (int type : ND_EGRESS) {
            out.add(INT_BASE_EGRESS.flow(Priority.SG_EGRESS_NEIGHBOUR).cookie(cookie)
                    .match(m -> icmpv6(m, type).inPort(p)).actions(accept).build());
        }
        out.add(INT_BASE_EGRESS.flow(Priority.SG_EGRESS_DHCP_CLIENT).cookie(cookie)
                .match(m -> udp(m, Field.ETH_TYPE_IPV4, 68, 67).inPort(p)).actions(accept).build());
        out.add(INT_BASE_EGRESS.flow(Priority.SG_EGRESS_DHCP_CLIENT).cookie(cookie)
                .match(m -> udp(m, Field.ETH_TYPE_IPV6, 546, 547).inPort(p)).actions(accept).build());
        out.add(INT_BASE_EGRESS.flow(Priority.SG_EGRESS_SERVER_DROP).cookie(cookie)
                .match(m -> udp(m, Field.ETH_TYPE_IPV4, 67, 68).inPort(p)).drop());
        out.add(INT_BASE_EGRESS.flow(Priority.SG_EGRESS_SERVER_DROP).cookie(cookie)
                .match(m -> udp(m, Field.ETH_TYPE_IPV6, 547, 546).inPort(p)).drop());
        out.add(INT_BASE_EGRESS.flow(Priority.SG_EGRESS_SERVER_DROP).cookie(cookie)
                .match(m -> icmpv6(m, ROUTER_ADVERTISEMENT).inPort(p)).drop());
        Action track = fp.stateful() ? track(INT_RULES_EGRESS.number()) : gotoTable(INT_RULES_EGRESS.number());
        for (boolean v6 : List.of(false, true)) {
            int ethType = v6 ? Field.ETH_TYPE_IPV6 : Field.ETH_TYPE_IPV4;
            Field src = v6 ? Field.IPV6_SRC : Field.IPV4_SRC;
            for (PortAddresses.Source s : PortAddresses.ipSources(fp.local().port(), v6)) {
                out.add(INT_BASE_EGRESS.flow(Priority.SG_EGRESS_SOURCE).cookie(cookie)
                        .match(m -> {
                            m.ethType(ethType).inPort(p).ethSrc(s.mac());
                            return s.prefix() == null ? m : m.set(src, s.prefix());
                        }).actions(track).build());
            }
        }
        out.add(INT_BASE_EGRESS.flow(Priority.SG_EGRESS_PORT_DROP).cookie(cookie).match(m -> m.inPort(p)).drop());
    }

    private static void ingress(List<Flow> out, FilteredPort fp, long cookie) {
        int p = fp.ofport();
        out.add(INT_BASE_INGRESS.flow(Priority.SG_INGRESS_NEIGHBOUR).cookie(cookie)
                .match(m -> m.ethType(Match.ETH_TYPE_ARP).reg(5, p)).actions(output(p)).build());
        for (int type : ND_INGRESS) {
            out.add(INT_BASE_INGRESS.flow(Priority.SG_INGRESS_NEIGHBOUR).cookie(cookie)
                    .match(m -> icmpv6(m, type).reg(5, p)).actions(output(p)).build());
        }
        out.add(INT_BASE_INGRESS.flow(Priority.SG_INGRESS_DHCP).cookie(cookie)
                .match(m -> udp(m, Field.ETH_TYPE_IPV4, 67, 68).reg(5, p)).actions(output(p)).build());
        out.add(INT_BASE_INGRESS.flow(Priority.SG_INGRESS_DHCP).cookie(cookie)
                .match(m -> udp(m, Field.ETH_TYPE_IPV6, 547, 546).reg(5, p)).actions(output(p)).build());
        Action track = fp.stateful() ? track(INT_RULES_INGRESS.number()) : gotoTable(INT_RULES_INGRESS.number());
        for (int ethType : List.of(Field.ETH_TYPE_IPV4, Field.ETH_TYPE_IPV6)) {
            out.add(INT_BASE_INGRESS.flow(Priority.SG_INGRESS_TRACK).cookie(cookie)
                    .match(m -> m.ethType(ethType).reg(5, p)).actions(track).build());
        }
        out.add(INT_BASE_INGRESS.flow(Priority.SG_INGRESS_PORT_DROP).cookie(cookie).match(m -> m.reg(5, p)).drop());
    }

    /**
     * Before the rules: invalid and revoked connections dropped, replies and related packets of a
     * connection still allowed accepted. After them (nothing matched): a packet that would start a
     * connection dropped; one of an established connection no rule allows any more marks it revoked
     * (ct_mark) and is dropped, so its replies stop too (Neutron's CT_MARK_INVALID).
     */
    private static void connectionState(List<Flow> out, FilteredPort fp, long cookie, boolean egressSide) {
        int p = fp.ofport();
        var table = egressSide ? INT_RULES_EGRESS : INT_RULES_INGRESS;
        Priority state = egressSide ? Priority.SG_STATE_EGRESS : Priority.SG_STATE_INGRESS;
        Priority unmatched = egressSide ? Priority.SG_UNMATCHED_EGRESS : Priority.SG_UNMATCHED_INGRESS;
        Action accept = accept(egressSide, p);
        out.add(table.flow(state).cookie(cookie).match(m -> m.ctState("+inv+trk").reg(5, p)).drop());
        out.add(table.flow(state).cookie(cookie).match(m -> m.ctMark(CT_MARK_REVOKED).reg(5, p)).drop());
        out.add(table.flow(state).cookie(cookie).match(m -> m.ctState("+est-rel+rpl+trk").ctMark(0).reg(5, p))
                .actions(accept).build());
        out.add(table.flow(state).cookie(cookie).match(m -> m.ctState("-new-est+rel-inv+trk").ctMark(0).reg(5, p))
                .actions(accept).build());
        out.add(table.flow(unmatched).cookie(cookie).match(m -> m.ctState("-est+trk").reg(5, p)).drop());
        for (int ethType : List.of(Field.ETH_TYPE_IPV4, Field.ETH_TYPE_IPV6)) {
            out.add(table.flow(unmatched).cookie(cookie).match(m -> m.ctState("+est+trk").ethType(ethType).reg(5, p))
                    .actions(revoke()).build());
        }
    }

    /** Where an accepted packet goes: egress on to the L3 hook (73), ingress out of the port. */
    static Action accept(boolean egressSide, int ofport) {
        return egressSide ? gotoTable(INT_ACCEPT_OR_INGRESS.number()) : output(ofport);
    }

    /** ct lookup in the zone of the packet's network (reg6), then {@code table}. */
    static Action track(int table) {
        return new Action.Ct(false, table, zone(), 0, null, List.of());
    }

    /** Commit the connection in the network's zone (an accepted new one). */
    static Action commit() {
        return new Action.Ct(true, null, zone(), 0, null, List.of());
    }

    private static Action revoke() {
        return new Action.Ct(true, null, zone(), 0, null,
                List.of(Action.setField(Field.CT_MARK, "0x" + Long.toHexString(CT_MARK_REVOKED))));
    }

    private static Subfield zone() {
        return Subfield.bits(Field.REG6, 0, 15);
    }

    private static Match.Builder icmpv6(Match.Builder m, int type) {
        return m.ethType(Field.ETH_TYPE_IPV6).ipProto(Field.IP_PROTO_ICMPV6).icmpv6Type(type);
    }

    private static Match.Builder udp(Match.Builder m, int ethType, int src, int dst) {
        return m.ethType(ethType).ipProto(Field.IP_PROTO_UDP).udpSrc(src).udpDst(dst);
    }
}
