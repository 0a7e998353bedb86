package dev.muon.pipeline.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers of a packet being traced, keyed by ovs-ofctl's field names (in_port, dl_vlan,
 * dl_src, dl_dst, dl_type, tun_id, arp_op, arp_spa, arp_tpa, arp_sha, arp_tha, nw_proto,
 * nw_src, nw_dst, tp_src, tp_dst, icmp_type, icmpv6_type, nd_target). No dl_vlan means untagged.
 * {@code icmp_type} is read as ovs-ofctl means it: ICMPv6's type for an IPv6 packet, ICMP's otherwise.
 */
public final class TracePacket {
    private static final java.util.Set<String> NUMERIC = java.util.Set.of("dl_type", "tun_id", "dl_vlan", "arp_op",
            "nw_proto", "tp_src", "tp_dst", "icmp_type", "icmpv6_type");

    private final Map<String, String> fields;

    private TracePacket(Map<String, String> fields) {
        this.fields = fields;
    }

    /**
     * Parses ovs-ofctl flow syntax as ofproto/trace takes it, e.g.
     * {@code in_port=3,arp,dl_src=fa:16:3e:76:47:75,arp_tpa=10.0.0.4}; in_port may be a
     * port name, resolved by the tracer.
     */
    public static TracePacket parse(String text) {
        Map<String, String> f = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                shorthand(p, f);
                continue;
            }
            String key = p.substring(0, eq).trim();
            String raw = p.substring(eq + 1).trim();
            String value = key.equals("in_port") ? raw : raw.toLowerCase();   // in_port may be a port name
            switch (key) {
                case "eth_src" -> key = "dl_src";
                case "eth_dst" -> key = "dl_dst";
                case "eth_type" -> key = "dl_type";
                case "ip_proto" -> key = "nw_proto";
                case "ipv4_src" -> key = "nw_src";
                case "ipv4_dst" -> key = "nw_dst";
                case "udp_src" -> key = "tp_src";
                case "udp_dst" -> key = "tp_dst";
                case "icmpv4_type" -> key = "icmp_type";
                default -> { }
            }
            if (NUMERIC.contains(key)) {
                value = Long.toString(Long.decode(value));
            }
            f.put(key, value);
        }
        // ovs-ofctl writes icmp_type for both ICMP and ICMPv6; which one it is depends on the packet
        if (f.containsKey("icmp_type") && Integer.toString(0x86dd).equals(f.get("dl_type"))) {
            f.put("icmpv6_type", f.remove("icmp_type"));
        }
        return new TracePacket(f);
    }

    private static void shorthand(String name, Map<String, String> f) {
        switch (name) {
            case "arp" -> f.put("dl_type", Integer.toString(0x0806));
            case "ip" -> f.put("dl_type", Integer.toString(0x0800));
            case "ipv6" -> f.put("dl_type", Integer.toString(0x86dd));
            case "icmp" -> { f.put("dl_type", Integer.toString(0x0800)); f.put("nw_proto", "1"); }
            case "tcp" -> { f.put("dl_type", Integer.toString(0x0800)); f.put("nw_proto", "6"); }
            case "udp" -> { f.put("dl_type", Integer.toString(0x0800)); f.put("nw_proto", "17"); }
            case "icmp6" -> { f.put("dl_type", Integer.toString(0x86dd)); f.put("nw_proto", "58"); }
            default -> throw new IllegalArgumentException("unknown packet field or protocol '" + name + "'");
        }
    }

    public String get(String field) {
        return fields.get(field);
    }

    public void set(String field, String value) {
        if (value == null) {
            fields.remove(field);
        } else {
            fields.put(field, value);
        }
    }

    public TracePacket copy() {
        return new TracePacket(new LinkedHashMap<>(fields));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        fields.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=')
                .append(k.equals("dl_type") ? String.format("0x%04x", Integer.parseInt(v))
                        : k.equals("tun_id") ? "0x" + Long.toHexString(Long.parseLong(v)) : v));
        return sb.toString();
    }
}
