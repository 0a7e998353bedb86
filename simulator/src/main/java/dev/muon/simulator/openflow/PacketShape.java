package dev.muon.simulator.openflow;

/**
 * What a flow's match (and, walking its actions, the actions so far) says about the packet:
 * the values Open vSwitch's prerequisite checks look at. A field the match leaves out counts as
 * 0, as in OVS's {@code mf_are_prereqs_ok} on the match's flow.
 */
final class PacketShape {
    int ethType;
    int ipProto;
    int icmpType;
    int icmpCode;
    boolean vlan;

    PacketShape copy() {
        PacketShape s = new PacketShape();
        s.ethType = ethType;
        s.ipProto = ipProto;
        s.icmpType = icmpType;
        s.icmpCode = icmpCode;
        s.vlan = vlan;
        return s;
    }

    /** Learns from one exact or masked match entry (value already masked). */
    void learn(OvsField f, long value, long mask) {
        switch (f) {
            case ETH_TYPE -> ethType = (int) value;
            case IP_PROTO -> ipProto = (int) value;
            case ICMPV4_TYPE, ICMPV6_TYPE -> icmpType = (int) value;
            case ICMPV4_CODE, ICMPV6_CODE -> icmpCode = (int) value;
            case VLAN_VID, VLAN_TCI -> vlan = (value & mask & 0x1000) != 0;
            default -> { }
        }
    }

    boolean satisfies(OvsField.Prereq p) {
        boolean ip4 = ethType == 0x0800;
        boolean ip6 = ethType == 0x86dd;
        boolean icmp6 = ip6 && ipProto == 58;
        return switch (p) {
            case NONE -> true;
            case VLAN -> vlan;
            case IP_ANY -> ip4 || ip6;
            case IPV4 -> ip4;
            case IPV6 -> ip6;
            case ARP -> ethType == 0x0806 || ethType == 0x8035;
            case TCP -> (ip4 || ip6) && ipProto == 6;
            case UDP -> (ip4 || ip6) && ipProto == 17;
            case SCTP -> (ip4 || ip6) && ipProto == 132;
            case ICMPV4 -> ip4 && ipProto == 1;
            case ICMPV6 -> icmp6;
            case ND -> icmp6 && icmpCode == 0 && (icmpType == 135 || icmpType == 136);
            case ND_SOLICIT -> icmp6 && icmpCode == 0 && icmpType == 135;
            case ND_ADVERT -> icmp6 && icmpCode == 0 && icmpType == 136;
        };
    }
}
