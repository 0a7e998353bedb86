package dev.muon.simulator.openflow;

import io.netty.buffer.ByteBuf;

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
    /** VLAN headers: 1 when the match says tagged, changed by push_vlan and pop_vlan (OVS handles at most 2). */
    int vlans;

    /** What a packet's own headers establish (a packet-out's actions are checked against them). */
    static PacketShape ofFrame(ByteBuf b, int from, int to) {
        PacketShape s = new PacketShape();
        int at = from + 12;
        if (at + 2 > to) {
            return s;
        }
        s.ethType = b.getUnsignedShort(at);
        if (s.ethType == 0x8100 || s.ethType == 0x88a8) {
            s.vlans = 1;
            at += 4;
            s.ethType = at + 2 <= to ? b.getUnsignedShort(at) : 0;
        }
        int l3 = at + 2;
        int l4 = -1;
        if (s.ethType == 0x0800 && l3 + 20 <= to) {
            s.ipProto = b.getUnsignedByte(l3 + 9);
            l4 = l3 + (b.getUnsignedByte(l3) & 0xf) * 4;
        } else if (s.ethType == 0x86dd && l3 + 40 <= to) {
            s.ipProto = b.getUnsignedByte(l3 + 6);
            l4 = l3 + 40;
        }
        if ((s.ipProto == 1 || s.ipProto == 58) && l4 >= 0 && l4 + 2 <= to) {
            s.icmpType = b.getUnsignedByte(l4);
            s.icmpCode = b.getUnsignedByte(l4 + 1);
        }
        return s;
    }

    PacketShape copy() {
        PacketShape s = new PacketShape();
        s.ethType = ethType;
        s.ipProto = ipProto;
        s.icmpType = icmpType;
        s.icmpCode = icmpCode;
        s.vlans = vlans;
        return s;
    }

    /** Learns from one exact or masked match entry (value already masked). */
    void learn(OvsField f, long value, long mask) {
        switch (f) {
            case ETH_TYPE -> ethType = (int) value;
            case IP_PROTO -> ipProto = (int) value;
            case ICMPV4_TYPE, ICMPV6_TYPE -> icmpType = (int) value;
            case ICMPV4_CODE, ICMPV6_CODE -> icmpCode = (int) value;
            case VLAN_VID, VLAN_TCI -> vlans = (value & mask & 0x1000) != 0 ? 1 : 0;
            default -> { }
        }
    }

    boolean satisfies(OvsField.Prereq p) {
        boolean ip4 = ethType == 0x0800;
        boolean ip6 = ethType == 0x86dd;
        boolean icmp6 = ip6 && ipProto == 58;
        return switch (p) {
            case NONE -> true;
            case VLAN -> vlans > 0;
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
