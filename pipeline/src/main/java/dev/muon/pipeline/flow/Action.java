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

    static Action output(int port) { return new Output(port); }
    static Action inPort() { return new InPort(); }
    static Action normal() { return new Normal(); }
    static Action controller() { return new Controller(0xffff); }
    static Action gotoTable(int table) { return new GotoTable(table); }
    static Action pushVlan() { return new PushVlan(); }
    static Action popVlan() { return new PopVlan(); }
    static Action setVlanVid(int vid) { return new SetVlanVid(vid); }
    static Action setTunnelId(long id) { return new SetTunnelId(id); }
}
