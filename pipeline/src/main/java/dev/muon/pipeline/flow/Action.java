package dev.muon.pipeline.flow;

/**
 * One OpenFlow action or instruction, rendered as ovs-ofctl prints it. An empty action
 * list means drop.
 */
public sealed interface Action {

    String toOfctl();

    /** output:N */
    record Output(int port) implements Action {
        public String toOfctl() { return "output:" + port; }
    }

    /** IN_PORT: send back where the packet came from. */
    record InPort() implements Action {
        public String toOfctl() { return "IN_PORT"; }
    }

    /** NORMAL: the bridge's L2 learning switch. */
    record Normal() implements Action {
        public String toOfctl() { return "NORMAL"; }
    }

    /** CONTROLLER:maxLen, a packet-in to Muon. */
    record Controller(int maxLen) implements Action {
        public String toOfctl() { return "CONTROLLER:" + maxLen; }
    }

    /** goto_table:N, an instruction; always last. */
    record GotoTable(int table) implements Action {
        public String toOfctl() { return "goto_table:" + table; }
    }

    /** push_vlan:0x8100 */
    record PushVlan() implements Action {
        public String toOfctl() { return "push_vlan:0x8100"; }
    }

    /** pop_vlan (Neutron's strip_vlan). */
    record PopVlan() implements Action {
        public String toOfctl() { return "pop_vlan"; }
    }

    /** set_field:(4096|vid)->vlan_vid, as ovs-ofctl prints an OpenFlow 1.3 VLAN set. */
    record SetVlanVid(int vid) implements Action {
        public String toOfctl() { return "set_field:" + (4096 | vid) + "->vlan_vid"; }
    }

    /** set_field:0xVNI->tun_id */
    record SetTunnelId(long tunId) implements Action {
        public String toOfctl() { return "set_field:0x" + Long.toHexString(tunId) + "->tun_id"; }
    }

    /**
     * A header field an action can write or copy, with the names ovs-ofctl prints: the OXM
     * name in {@code set_field:V->name} and the NXM name in {@code move:NXM_…[]->NXM_…[]}.
     */
    enum Field {
        ETH_SRC("eth_src", "NXM_OF_ETH_SRC", 48),
        ETH_DST("eth_dst", "NXM_OF_ETH_DST", 48),
        ARP_OP("arp_op", "NXM_OF_ARP_OP", 16),
        ARP_SPA("arp_spa", "NXM_OF_ARP_SPA", 32),
        ARP_TPA("arp_tpa", "NXM_OF_ARP_TPA", 32),
        ARP_SHA("arp_sha", "NXM_NX_ARP_SHA", 48),
        ARP_THA("arp_tha", "NXM_NX_ARP_THA", 48);

        private final String oxmName;
        private final String nxmName;
        private final int bits;

        Field(String oxmName, String nxmName, int bits) {
            this.oxmName = oxmName;
            this.nxmName = nxmName;
            this.bits = bits;
        }

        public String oxmName() { return oxmName; }
        public String nxmName() { return nxmName; }
        public int bits() { return bits; }
    }

    /**
     * set_field:VALUE->FIELD. The value is in the form ovs-ofctl prints it: a lower-case
     * colon MAC, a dotted IPv4 address, or a decimal number.
     */
    record SetField(Field field, String value) implements Action {
        public String toOfctl() { return "set_field:" + value + "->" + field.oxmName(); }
    }

    /** move:SRC[]->DST[]: Nicira's reg_move of a whole field onto another of the same width. */
    record Move(Field src, Field dst) implements Action {
        public Move {
            if (src.bits() != dst.bits()) {
                throw new IllegalArgumentException("move between fields of different widths: " + src + " -> " + dst);
            }
        }

        public String toOfctl() { return "move:" + src.nxmName() + "[]->" + dst.nxmName() + "[]"; }
    }

    static Action output(int port) { return new Output(port); }
    static Action inPort() { return new InPort(); }
    static Action normal() { return new Normal(); }
    static Action controller() { return new Controller(0xffff); }
    static Action gotoTable(int table) { return new GotoTable(table); }
    static Action pushVlan() { return new PushVlan(); }
    static Action popVlan() { return new PopVlan(); }
    static Action setVlanVid(int vid) { return new SetVlanVid(vid); }
    static Action setTunnelId(long id) { return new SetTunnelId(id); }
    static Action setField(Field field, String value) { return new SetField(field, value); }
    static Action move(Field src, Field dst) { return new Move(src, dst); }
}
