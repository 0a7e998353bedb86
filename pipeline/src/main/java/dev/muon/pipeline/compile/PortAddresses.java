package dev.muon.pipeline.compile;

import com.google.common.net.InetAddresses;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Port;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses a port may send from, as Neutron's OVS agent collects them for its
 * anti-spoofing tables: fixed IPs and allowed address pairs (which may be prefixes), the
 * port's MAC and the pairs' MACs, and the IPv6 link-local address of each of those MACs.
 * Everything is in the form ovs-ofctl prints, so flows read back equal.
 */
final class PortAddresses {
    private static final String LINK_LOCAL_PREFIX = "fe80::";

    /**
     * One address family's allowed senders.
     *
     * @param unrestricted a /0 prefix is allowed: any address goes, so no flows restrict it (as Neutron)
     * @param prefixes     addresses ({@code 10.0.0.5}) and prefixes ({@code 10.0.0.0/24})
     */
    record Allowed(boolean unrestricted, List<String> prefixes) {
    }

    /** An IP source a port may send from: its MAC and an address or prefix (null: any address of the family). */
    record Source(String mac, String prefix) {
    }

    private PortAddresses() {
    }

    /**
     * The (MAC, IP) pairs a port may send IP from, for the firewall's source check (table 71): each
     * fixed IP with the port's MAC, each allowed pair with its MAC (the port's when it has none), and
     * for IPv6 the link-local of each of those MACs. Without repeats, in that order.
     */
    static List<Source> ipSources(Port port, boolean v6) {
        String own = port.macAddress().toLowerCase();
        Set<Source> out = new LinkedHashSet<>();
        for (FixedIp ip : port.fixedIps()) {
            String c = canonical(ip.ipAddress());
            if (isIpv4(c) != v6) {
                out.add(new Source(own, c));
            }
        }
        for (AllowedAddressPair p : port.allowedAddressPairs()) {
            if (p.ipAddress() == null || p.ipAddress().isBlank()) {
                continue;
            }
            String c = canonical(p.ipAddress());
            String mac = p.macAddress() == null || p.macAddress().isBlank() ? own : p.macAddress().toLowerCase();
            if (isIpv4(c) != v6) {
                out.add(new Source(mac, c.endsWith("/0") ? null : c));
            }
        }
        if (v6) {
            macs(port).forEach(mac -> out.add(new Source(mac, linkLocal(mac))));
        }
        return List.copyOf(out);
    }

    /** IPv4 senders for ARP (table 24 arp_spa). */
    static Allowed ipv4(Port port) {
        return collect(port, false, List.of());
    }

    /** IPv6 targets for neighbour advertisements (table 24 nd_target), link-locals included. */
    static Allowed ipv6(Port port) {
        List<String> linkLocals = macs(port).stream().map(PortAddresses::linkLocal).toList();
        return collect(port, true, linkLocals);
    }

    /** The port's MAC, then the allowed pairs' MACs, lower-case and without repeats. */
    static List<String> macs(Port port) {
        Set<String> out = new LinkedHashSet<>();
        out.add(port.macAddress().toLowerCase());
        for (AllowedAddressPair p : port.allowedAddressPairs()) {
            if (p.macAddress() != null && !p.macAddress().isBlank()) {
                out.add(p.macAddress().toLowerCase());
            }
        }
        return List.copyOf(out);
    }

    /** The port's fixed IPv4 addresses (what the ARP responder answers for). */
    static List<String> fixedIpv4(Port port) {
        List<String> out = new ArrayList<>();
        for (FixedIp ip : port.fixedIps()) {
            String c = canonical(ip.ipAddress());
            if (isIpv4(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** fe80::/64 with the EUI-64 interface id of {@code mac}, as the guest's kernel derives it. */
    static String linkLocal(String mac) {
        String[] b = mac.split(":");
        if (b.length != 6) {
            throw new IllegalArgumentException("not a MAC address: " + mac);
        }
        int first = Integer.parseInt(b[0], 16) ^ 0x02;   // flip the universal/local bit
        String id = String.format("%02x%s:%sff:fe%s:%s%s", first, b[1], b[2], b[3], b[4], b[5]);
        return canonical(LINK_LOCAL_PREFIX + id);
    }

    private static Allowed collect(Port port, boolean v6, List<String> extra) {
        List<String> raw = new ArrayList<>();
        port.fixedIps().forEach(ip -> raw.add(ip.ipAddress()));
        port.allowedAddressPairs().forEach(p -> raw.add(p.ipAddress()));
        Set<String> out = new LinkedHashSet<>();
        for (String a : raw) {
            if (a == null || a.isBlank()) {
                continue;
            }
            String c = canonical(a);
            if (isIpv4(c) == v6) {
                continue;
            }
            if (c.endsWith("/0")) {
                return new Allowed(true, List.of());
            }
            out.add(c);
        }
        out.addAll(extra);
        return new Allowed(false, List.copyOf(out));
    }

    private static boolean isIpv4(String canonical) {
        return !canonical.contains(":");
    }

    /**
     * {@code 10.0.0.5}, {@code 10.0.0.0/24} or {@code 2001:db8::/64}: host bits cleared, a full-length
     * prefix written as a plain address, IPv6 in RFC 5952 form (as Open vSwitch prints them).
     */
    static String canonical(String addressOrPrefix) {
        String text = addressOrPrefix.trim();
        int slash = text.indexOf('/');
        InetAddress addr = InetAddresses.forString(slash < 0 ? text : text.substring(0, slash));
        int width = addr instanceof Inet4Address ? 32 : 128;
        int len = slash < 0 ? width : Integer.parseInt(text.substring(slash + 1));
        if (len < 0 || len > width) {
            throw new IllegalArgumentException("bad prefix length: " + addressOrPrefix);
        }
        if (len == width) {
            return InetAddresses.toAddrString(addr);
        }
        BigInteger mask = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(width - len).subtract(BigInteger.ONE));
        BigInteger network = new BigInteger(1, addr.getAddress()).and(mask);
        InetAddress net = width == 32 ? InetAddresses.fromIPv4BigInteger(network) : InetAddresses.fromIPv6BigInteger(network);
        return InetAddresses.toAddrString(net) + "/" + len;
    }
}
