package dev.muon.controller.service;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * IP protocols in security group rules, as Neutron reads them: a name from its list or a
 * number 0-255, "any" meaning no protocol; legacy IPv6 ICMP spellings become "ipv6-icmp"/58.
 */
final class RuleProtocols {
    /** Neutron's IP_PROTOCOL_MAP, in its order (the order its error message lists them). */
    static final Map<String, Integer> NUMBERS = new LinkedHashMap<>();

    static {
        NUMBERS.put("ah", 51);
        NUMBERS.put("dccp", 33);
        NUMBERS.put("egp", 8);
        NUMBERS.put("esp", 50);
        NUMBERS.put("gre", 47);
        NUMBERS.put("hopopt", 0);
        NUMBERS.put("icmp", 1);
        NUMBERS.put("igmp", 2);
        NUMBERS.put("ip", 0);
        NUMBERS.put("ipip", 4);
        NUMBERS.put("ipv6-encap", 41);
        NUMBERS.put("ipv6-frag", 44);
        NUMBERS.put("ipv6-icmp", 58);
        NUMBERS.put("icmpv6", 58);
        NUMBERS.put("ipv6-nonxt", 59);
        NUMBERS.put("ipv6-opts", 60);
        NUMBERS.put("ipv6-route", 43);
        NUMBERS.put("ospf", 89);
        NUMBERS.put("pgm", 113);
        NUMBERS.put("rsvp", 46);
        NUMBERS.put("sctp", 132);
        NUMBERS.put("tcp", 6);
        NUMBERS.put("udp", 17);
        NUMBERS.put("udplite", 136);
        NUMBERS.put("vrrp", 112);
    }

    /** Protocols whose rules may name destination ports. */
    static final Set<Integer> WITH_PORTS = Set.of(33, 132, 6, 17, 136);
    static final Set<Integer> ICMP = Set.of(1, 58);
    /** Protocols that exist only over IPv6. */
    private static final Set<String> IPV6_ONLY = Set.of("ipv6-encap", "ipv6-frag", "ipv6-icmp", "icmpv6",
            "ipv6-nonxt", "ipv6-opts", "ipv6-route", "41", "44", "58", "59", "60", "43");

    private RuleProtocols() {
    }

    /** The protocol as Neutron stores it (lower-case name or number text), null for any. */
    static String convert(String value) {
        if (value == null || value.equals("any")) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 0 && n <= 255) {
                return value;
            }
        } catch (NumberFormatException e) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (NUMBERS.containsKey(lower)) {
                return lower;
            }
        }
        throw ServiceErrors.invalid("SecurityGroupRuleInvalidProtocol", "Security group rule protocol " + value
                + " not supported. Only protocol values " + supported() + " and integer representations [0 to 255] "
                + "are supported.");
    }

    /** IPv6 rules spell ICMP as Neutron's canonical "ipv6-icmp" (or 58). */
    static String canonicalForEthertype(String protocol, String ethertype) {
        if (protocol != null && ethertype.equals("IPv6")) {
            if (protocol.equals("icmp") || protocol.equals("icmpv6")) {
                return "ipv6-icmp";
            }
            if (protocol.equals("1")) {
                return "58";
            }
        }
        return protocol;
    }

    /** The protocol number, null for any. */
    static Integer number(String protocol, String ethertype) {
        String p = canonicalForEthertype(protocol, ethertype);
        if (p == null) {
            return null;
        }
        Integer known = NUMBERS.get(p);
        return known != null ? known : Integer.valueOf(p);
    }

    static boolean ipv6Only(String protocol) {
        return protocol != null && IPV6_ONLY.contains(protocol);
    }

    /** A remote prefix covering everything means no restriction, as in Neutron's duplicate check. */
    static String anyIsNull(String prefix) {
        return prefix == null || prefix.equals("0.0.0.0/0") || prefix.equals("::/0") ? null : prefix;
    }

    private static String supported() {
        return NUMBERS.keySet().stream().map(n -> "'" + n + "'")
                .collect(Collectors.joining(", ", "(None, 'any', ", ")"));
    }
}
