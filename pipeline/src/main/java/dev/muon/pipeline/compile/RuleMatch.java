package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.model.SecurityGroupRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What one security group rule matches, as the openvswitch firewall's rules.py turns a rule into
 * flows: the ethertype, the protocol (a name or a number), destination ports as masked ranges or
 * the ICMP type and code, and the remote prefix (source for ingress, destination for egress). A
 * rule is one flow per masked port range, and none when it cannot be expressed (ports on a protocol
 * without them in the field catalogue, a prefix of the other family): such a rule allows nothing.
 */
record RuleMatch(SecurityGroupRule rule, boolean ingress, int ethType, List<Consumer<Match.Builder>> variants) {
    static final String INGRESS = "ingress";
    private static final int ANY = -1;
    private static final int NOT_A_PROTOCOL = -2;

    /** Neutron's protocol names (neutron_lib.constants.IP_PROTOCOL_MAP) that a rule may give instead of a number. */
    private static final Map<String, Integer> PROTOCOLS = Map.ofEntries(
            Map.entry("ah", 51), Map.entry("dccp", 33), Map.entry("egp", 8), Map.entry("esp", 50),
            Map.entry("gre", 47), Map.entry("hopopt", 0), Map.entry("icmp", 1), Map.entry("igmp", 2),
            Map.entry("ip", 4), Map.entry("ipip", 4), Map.entry("ipv6-encap", 41), Map.entry("ipv6-frag", 44),
            Map.entry("ipv6-icmp", 58), Map.entry("icmpv6", 58), Map.entry("ipv6-nonxt", 59),
            Map.entry("ipv6-opts", 60), Map.entry("ipv6-route", 43), Map.entry("ospf", 89), Map.entry("pgm", 113),
            Map.entry("rsvp", 46), Map.entry("sctp", 132), Map.entry("tcp", 6), Map.entry("udp", 17),
            Map.entry("udplite", 136), Map.entry("vrrp", 112));

    static Optional<RuleMatch> of(SecurityGroupRule r) {
        boolean v6 = "IPv6".equalsIgnoreCase(r.ethertype());
        int ethType = v6 ? Field.ETH_TYPE_IPV6 : Field.ETH_TYPE_IPV4;
        boolean ingress = INGRESS.equalsIgnoreCase(r.direction());
        int proto = protocol(r.protocol(), v6);
        if (proto == NOT_A_PROTOCOL) {
            return Optional.empty();
        }
        Consumer<Match.Builder> remote = m -> { };
        if (r.remoteIpPrefix() != null && !r.remoteIpPrefix().isBlank()) {
            String prefix = PortAddresses.canonical(r.remoteIpPrefix());
            if (prefix.contains(":") != v6) {
                return Optional.empty();
            }
            if (!prefix.endsWith("/0")) {
                Field f = v6 ? (ingress ? Field.IPV6_SRC : Field.IPV6_DST) : (ingress ? Field.IPV4_SRC : Field.IPV4_DST);
                remote = m -> m.set(f, prefix);
            }
        }
        Consumer<Match.Builder> base = remote;
        List<Consumer<Match.Builder>> variants = new ArrayList<>();
        if (proto == ANY) {
            variants.add(base);
        } else {
            int p = proto;
            Consumer<Match.Builder> withProto = m -> {
                m.ipProto(p);
                base.accept(m);
            };
            Integer min = r.portRangeMin();
            Integer max = r.portRangeMax();
            if (p == Field.IP_PROTO_ICMP || p == Field.IP_PROTO_ICMPV6) {
                Field type = p == Field.IP_PROTO_ICMP ? Field.ICMPV4_TYPE : Field.ICMPV6_TYPE;
                Field code = p == Field.IP_PROTO_ICMP ? Field.ICMPV4_CODE : Field.ICMPV6_CODE;
                variants.add(m -> {
                    withProto.accept(m);
                    if (min != null) {
                        m.set(type, Integer.toString(min));
                        if (max != null) {
                            m.set(code, Integer.toString(max));
                        }
                    }
                });
            } else if (min == null && max == null || isFullRange(min, max)) {
                variants.add(withProto);
            } else if (p == Field.IP_PROTO_TCP || p == Field.IP_PROTO_UDP) {
                int lo = min == null ? max : min;
                int hi = max == null ? min : max;
                for (PortRangeMasks.Masked masked : PortRangeMasks.of(lo, hi)) {
                    variants.add(m -> {
                        withProto.accept(m);
                        if (p == Field.IP_PROTO_TCP) {
                            m.tcpDst(masked.value(), masked.mask());
                        } else {
                            m.udpDst(masked.value(), masked.mask());
                        }
                    });
                }
            } else {
                return Optional.empty();   // ports of SCTP, DCCP, UDP-Lite: not in the field catalogue
            }
        }
        return Optional.of(new RuleMatch(r, ingress, ethType, List.copyOf(variants)));
    }

    /** The protocol number, {@link #ANY}, or {@link #NOT_A_PROTOCOL}. */
    private static int protocol(String text, boolean v6) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("any")) {
            return ANY;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Integer n = PROTOCOLS.get(t);
        if (n == null) {
            try {
                n = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                return NOT_A_PROTOCOL;
            }
            if (n < 0 || n > 255) {
                return NOT_A_PROTOCOL;
            }
        }
        if (v6 && n == Field.IP_PROTO_ICMP) {
            n = Field.IP_PROTO_ICMPV6;   // Neutron: "icmp" on an IPv6 rule is ICMPv6
        }
        return n;
    }

    private static boolean isFullRange(Integer min, Integer max) {
        return min != null && max != null && min <= 1 && max == 0xffff;
    }

    /** A short description for flow owners: "ingress IPv4 tcp 22-22 from 10.0.0.0/24". */
    String summary(String groupName) {
        StringBuilder sb = new StringBuilder();
        if (groupName != null && !groupName.isBlank()) {
            sb.append(groupName).append(": ");
        }
        sb.append(rule.direction()).append(' ').append(rule.ethertype());
        sb.append(' ').append(rule.protocol() == null ? "any" : rule.protocol());
        if (rule.portRangeMin() != null) {
            sb.append(' ').append(rule.portRangeMin());
            if (rule.portRangeMax() != null) {
                sb.append('-').append(rule.portRangeMax());
            }
        }
        String way = ingress ? " from " : " to ";
        if (rule.remoteGroupId() != null) {
            sb.append(way).append("group ").append(rule.remoteGroupId());
        } else if (rule.remoteAddressGroupId() != null) {
            sb.append(way).append("address group ").append(rule.remoteAddressGroupId());
        } else if (rule.remoteIpPrefix() != null) {
            sb.append(way).append(rule.remoteIpPrefix());
        }
        return sb.toString();
    }
}
