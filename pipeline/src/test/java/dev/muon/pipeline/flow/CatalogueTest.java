package dev.muon.pipeline.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The field and table catalogues refuse, when a flow is built, what Open vSwitch would refuse
 * or store differently: undeclared fields and set-fields, jumps the table does not declare,
 * missing prerequisites, non-canonical values, ct without an IP match, priorities outside the
 * table's bands. Each refusal has a positive control next to it.
 */
class CatalogueTest {
    private static final long OWNER = Cookies.of(Cookies.Kind.PORT, "p1");

    private static Match match(UnaryOperator<Match.Builder> m) {
        return m.apply(Match.builder()).build();
    }

    private static void refused(String expected, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(expected), x.getMessage());
    }

    @Test
    void tablesRefuseUndeclaredMatchFields() {
        refused("may not match on tun_id",
                () -> PipelineTable.TUN_FLOOD_TO_TUN.flow(Priority.FLOOD).cookie(OWNER).match(m -> m.tunId(5)).build());
        PipelineTable.TUN_VXLAN_TUN_TO_LV.flow(Priority.VNI_TO_LOCAL_VLAN).cookie(OWNER).match(m -> m.tunId(5)).drop();
    }

    @Test
    void tablesRefuseUndeclaredSetFields() {
        refused("may not set reg5", () -> PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(OWNER)
                .actions(Action.setField(Field.REG5, "0x1")).build());
        PipelineTable.INT_LOCAL_SWITCHING.flow(Priority.VIF_MAC_CHECK).cookie(OWNER)
                .actions(Action.setField(Field.REG5, "0x1"), Action.gotoTable(25)).build();
    }

    @Test
    void gotoOnlyToADeclaredNextTableAndLast() {
        refused("cannot goto_table 24", () -> PipelineTable.INT_MAC_SPOOF.flow(Priority.ALLOWED_SOURCE_MAC).cookie(OWNER)
                .actions(Action.gotoTable(24)).build());
        refused("cannot goto_table 20", () -> PipelineTable.INT_LOCAL_SWITCHING.flow(Priority.VIF_MAC_CHECK).cookie(OWNER)
                .actions(Action.gotoTable(20)).build());
        refused("must come last", () -> PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(OWNER)
                .actions(Action.gotoTable(2), Action.normal()).build());
        PipelineTable.TUN_LOCAL.flow(Priority.TUNNEL_PORT_IN).cookie(OWNER).actions(Action.gotoTable(2)).build();
    }

    @Test
    void resubmitAndCtMayGoBackButOnlyWhereDeclared() {
        Match ip = match(m -> m.ethType(Field.ETH_TYPE_IPV4).reg(5, 3));
        Action ctBack = new Action.Ct(false, 82, Subfield.bits(Field.REG6, 0, 15), 0, null, java.util.List.of());
        PipelineTable.INT_BASE_INGRESS.flow(Priority.SG_INGRESS_TRACK).cookie(OWNER)
                .match(m -> m.ethType(Field.ETH_TYPE_IPV4).reg(5, 3)).actions(ctBack).build();
        refused("cannot ct(table=) 82", () -> PipelineTable.INT_L3_ROUTE.flow(Priority.ROUTE_PREFIX, 24).cookie(OWNER)
                .match(m -> m.ethType(Field.ETH_TYPE_IPV4)).actions(ctBack).build());
        refused("cannot resubmit 71", () -> PipelineTable.INT_BASE_INGRESS.flow(Priority.SG_INGRESS_TRACK).cookie(OWNER)
                .actions(Action.resubmit(71)).build());
        assertEquals(ip.toOfctl(), "ip,reg5=0x3");
    }

    @Test
    void ctNeedsAnIpMatch() {
        Action commit = new Action.Ct(true, null, null, 4097, Nat.src("203.0.113.10"), java.util.List.of());
        refused("needs an IP match", () -> PipelineTable.INT_SNAT_EGRESS.flow(Priority.SNAT).cookie(OWNER)
                .match(m -> m.reg(4, 1)).actions(commit).build());
        Flow f = PipelineTable.INT_SNAT_EGRESS.flow(Priority.SNAT).cookie(OWNER)
                .match(m -> m.ethType(Field.ETH_TYPE_IPV4).reg(4, 1)).actions(commit).build();
        assertEquals("ct(commit,zone=4097,nat(src=203.0.113.10))", f.actionsText());
    }

    @Test
    void prioritiesComeFromTheTablesBands() {
        refused("not of", () -> PipelineTable.TUN_LOCAL.flow(Priority.REMOTE_MAC));
        refused("outside", () -> PipelineTable.INT_L3_ROUTE.flow(Priority.ROUTE_PREFIX, 129));
        assertEquals(124, PipelineTable.INT_L3_ROUTE.flow(Priority.ROUTE_PREFIX, 24).cookie(OWNER)
                .match(m -> m.reg(4, 1).ethType(Field.ETH_TYPE_IPV4).ipv4Dst("10.0.0.0/24")).drop().priority());
        assertTrue(Priority.FLOATING_IP_EGRESS.base() > Priority.SNAT_REDIRECT.base());
        assertTrue(Priority.ROUTER_RESPONDER.base() > Priority.ROUTER_INPUT.base());
    }

    @Test
    void prerequisitesAreRequired() {
        refused("needs nw_proto", () -> match(m -> m.ethType(Field.ETH_TYPE_IPV4).set(Field.TCP_DST, "22")));
        refused("needs dl_type", () -> match(m -> m.ipv4Dst("10.0.0.1")));
        refused("needs dl_type", () -> match(m -> m.arpTpa("10.0.0.1")));
        refused("needs icmp_type", () -> match(m -> m.ethType(Field.ETH_TYPE_IPV6).ipProto(58).ndTarget("fe80::1")));
        refused("needs dl_type", () -> match(m -> m.ethType(Field.ETH_TYPE_IPV6).ipProto(1).icmpType(8)));
        assertEquals("tcp,tp_dst=22", match(m -> m.ethType(Field.ETH_TYPE_IPV4).ipProto(6).tcpDst(22)).toOfctl());
    }

    @Test
    void valuesMustBeInOvsOfctlForm() {
        refused("not in ovs-ofctl form", () -> match(m -> m.ethSrc("FA:16:3E:00:00:01")));
        refused("bits outside the mask", () -> match(m -> m.ethType(Field.ETH_TYPE_IPV4).ipv4Dst("10.0.0.1/24")));
        refused("not in ovs-ofctl form", () -> match(m -> m.ethType(Field.ETH_TYPE_IPV4).ipv4Dst("10.0.0.1/32")));
        refused("all-zero mask", () -> match(m -> m.ethType(Field.ETH_TYPE_IPV4).ipv4Dst("0.0.0.0/0")));
        refused("not maskable", () -> match(m -> m.set(Field.IN_PORT, "0x1/0x1")));
        refused("out of range", () -> match(m -> m.set(Field.IN_PORT, "99999999999")));
        refused("not in ovs-ofctl form", () -> match(m -> m.set(Field.REG5, "0x01")));
        refused("not in ovs-ofctl form", () -> match(m -> m.ctState("+trk+est")));
        assertEquals("ct_state=+est+trk", match(m -> m.ctState("+est+trk")).toOfctl());
    }

    @Test
    void matchesPrintInOvsOfctlOrder() {
        Match m = match(b -> b.ethType(Field.ETH_TYPE_IPV4).ipProto(6).tcpDst(0x50, 0xfff0).reg(6, 2).ctState("-new+est-rel-inv+trk")
                .ctZone(3).inPort(4).ipv4Src("10.0.0.0/24").regBits(0, 0, 0, 1));
        assertEquals("ct_state=-new+est-rel-inv+trk,ct_zone=3,tcp,reg0=0x1/0x1,reg6=0x2,in_port=4,nw_src=10.0.0.0/24,"
                + "tp_dst=0x50/0xfff0", m.toOfctl());
        assertEquals("arp,dl_vlan=1,arp_tpa=10.0.0.4,arp_op=1",
                match(b -> b.ethType(Field.ETH_TYPE_ARP).vlan(1).arpOp(1).arpTpa("10.0.0.4")).toOfctl());
        assertEquals("icmp6,in_port=2,icmp_type=136,nd_target=fe80::1",
                match(b -> b.ethType(Field.ETH_TYPE_IPV6).ipProto(58).inPort(2).icmpv6Type(136).ndTarget("fe80::1")).toOfctl());
        assertEquals("dl_type=0x88cc", match(b -> b.ethType(0x88cc)).toOfctl());
        assertEquals("ip,nw_proto=47", match(b -> b.ethType(Field.ETH_TYPE_IPV4).ipProto(47)).toOfctl());
        assertEquals("vlan_tci=0x0000/0x1fff", match(Match.Builder::untagged).toOfctl());
    }

    @Test
    void everyFieldRoundTripsThroughItsFormat() {
        for (Field f : Field.values()) {
            String sample = switch (f.format()) {
                case DEC, DEC16 -> "1";
                case HEX -> "0x1";
                case HEX4 -> "0x0800";
                case MAC -> "fa:16:3e:00:00:01";
                case IPV4 -> "10.0.0.1";
                case IPV6 -> "fe80::1";
                case VLAN -> "5";
                case CT_STATE -> "+est+trk";
            };
            f.format().canonical(f, sample);
            assertEquals(sample, f.format().text(f, f.format().parse(f, sample)), f.toString());
            assertTrue(f.nxmHeader() != 0 || f == Field.IN_PORT || f.nxmName().startsWith("NXM_OF_"), f.toString());
        }
    }
}
