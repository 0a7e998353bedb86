package dev.muon.pipeline.flow;

import java.util.List;

/**
 * What a match on a field presupposes, as OpenFlow (and Open vSwitch) define it: a field of
 * a protocol is matched only together with that protocol. Open vSwitch refuses a flow-mod
 * that breaks this (OFPBMC_BAD_PREREQ); Muon refuses it when the flow is built.
 */
final class Prerequisites {
    /** Field {@code on} must be matched to one of {@code values}. */
    record Needs(Field on, List<Integer> values) {
    }

    private Prerequisites() {
    }

    /** Built once per field: every flow a compile builds checks its fields against these. */
    private static final List<List<Needs>> BY_FIELD = java.util.Arrays.stream(Field.values())
            .map(Prerequisites::compute).toList();

    static List<Needs> of(Field f) {
        return BY_FIELD.get(f.ordinal());
    }

    private static List<Needs> compute(Field f) {
        return switch (f) {
            case ARP_SPA, ARP_TPA, ARP_SHA, ARP_THA, ARP_OP -> List.of(ethType(Field.ETH_TYPE_ARP));
            case IPV4_SRC, IPV4_DST -> List.of(ethType(Field.ETH_TYPE_IPV4));
            case IPV6_SRC, IPV6_DST -> List.of(ethType(Field.ETH_TYPE_IPV6));
            case IP_PROTO, NW_TTL -> List.of(ethType(Field.ETH_TYPE_IPV4, Field.ETH_TYPE_IPV6));
            case TCP_SRC, TCP_DST -> List.of(ipProto(Field.IP_PROTO_TCP));
            case UDP_SRC, UDP_DST -> List.of(ipProto(Field.IP_PROTO_UDP));
            case ICMPV4_TYPE, ICMPV4_CODE -> List.of(ethType(Field.ETH_TYPE_IPV4), ipProto(Field.IP_PROTO_ICMP));
            case ICMPV6_TYPE, ICMPV6_CODE -> List.of(ethType(Field.ETH_TYPE_IPV6), ipProto(Field.IP_PROTO_ICMPV6));
            case ND_TARGET -> List.of(new Needs(Field.ICMPV6_TYPE, List.of(135, 136)));
            default -> List.of();
        };
    }

    static void check(Match m) {
        for (Field f : m.fieldArray()) {
            for (Needs n : of(f)) {
                String v = m.get(n.on());
                if (v == null || !n.values().contains(Integer.decode(v))) {
                    throw new IllegalArgumentException("a match on " + f.matchName() + " needs " + n.on().matchName()
                            + " in " + n.values() + " (prerequisite): " + m.toOfctl());
                }
            }
        }
    }

    /** Whether a packet whose fields {@code values} gives holds {@code f}: every prerequisite of it holds. */
    static boolean holds(Field f, java.util.function.Function<Field, java.math.BigInteger> values) {
        for (Needs n : of(f)) {
            java.math.BigInteger v = values.apply(n.on());
            if (v == null || !n.values().contains(v.intValue()) || !holds(n.on(), values)) {
                return false;
            }
        }
        return true;
    }

    private static Needs ethType(Integer... types) {
        return new Needs(Field.ETH_TYPE, List.of(types));
    }

    private static Needs ipProto(int proto) {
        return new Needs(Field.IP_PROTO, List.of(proto));
    }
}
