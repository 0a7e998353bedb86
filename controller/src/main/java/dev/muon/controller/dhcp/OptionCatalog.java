package dev.muon.controller.dhcp;

import static dev.muon.controller.dhcp.OptionType.ADDRESS;
import static dev.muon.controller.dhcp.OptionType.ADDRESSES;
import static dev.muon.controller.dhcp.OptionType.BOOLEAN;
import static dev.muon.controller.dhcp.OptionType.CLASSLESS_ROUTES;
import static dev.muon.controller.dhcp.OptionType.DOMAIN_LIST;
import static dev.muon.controller.dhcp.OptionType.GUESSED;
import static dev.muon.controller.dhcp.OptionType.TEXT;
import static dev.muon.controller.dhcp.OptionType.UINT16;
import static dev.muon.controller.dhcp.OptionType.UINT32;
import static dev.muon.controller.dhcp.OptionType.UINT8;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The DHCPv4 options an extra_dhcp_opt may name, by dnsmasq's names ({@code dnsmasq
 * --help dhcp}) or by code, with the type dnsmasq writes each as. A name is matched without
 * regard to case, with "_" read as "-" (bootfile_name) and an {@code option:} prefix dropped;
 * a code dnsmasq has no name for is accepted with its value's type guessed.
 */
final class OptionCatalog {
    /** dnsmasq's server-ip-address: not an option but BOOTP's siaddr, the next server (PXE's TFTP server). */
    static final int NEXT_SERVER = 255;

    record Option(int code, OptionType type) {
    }

    private static final Map<String, Option> BY_NAME = new HashMap<>();
    private static final Map<Integer, Option> BY_CODE = new HashMap<>();

    static {
        add("netmask", 1, ADDRESS);
        add("time-offset", 2, UINT32);
        add("router", 3, ADDRESSES);
        add("dns-server", 6, ADDRESSES);
        add("log-server", 7, ADDRESSES);
        add("lpr-server", 9, ADDRESSES);
        add("hostname", 12, TEXT);
        add("boot-file-size", 13, UINT16);
        add("domain-name", 15, TEXT);
        add("swap-server", 16, ADDRESS);
        add("root-path", 17, TEXT);
        add("extension-path", 18, TEXT);
        add("ip-forward-enable", 19, BOOLEAN);
        add("non-local-source-routing", 20, BOOLEAN);
        add("policy-filter", 21, ADDRESSES);
        add("max-datagram-reassembly", 22, UINT16);
        add("default-ttl", 23, UINT8);
        add("mtu", 26, UINT16);
        add("all-subnets-local", 27, BOOLEAN);
        add("broadcast", 28, ADDRESS);
        add("router-discovery", 31, BOOLEAN);
        add("router-solicitation", 32, ADDRESS);
        add("static-route", 33, ADDRESSES);
        add("trailer-encapsulation", 34, BOOLEAN);
        add("arp-timeout", 35, UINT32);
        add("ethernet-encap", 36, BOOLEAN);
        add("tcp-ttl", 37, UINT8);
        add("tcp-keepalive", 38, UINT32);
        add("nis-domain", 40, TEXT);
        add("nis-server", 41, ADDRESSES);
        add("ntp-server", 42, ADDRESSES);
        add("netbios-ns", 44, ADDRESSES);
        add("netbios-dd", 45, ADDRESSES);
        add("netbios-nodetype", 46, UINT8);
        add("netbios-scope", 47, TEXT);
        add("x-windows-fs", 48, ADDRESSES);
        add("x-windows-dm", 49, ADDRESSES);
        add("t1", 58, UINT32);
        add("t2", 59, UINT32);
        add("vendor-class", 60, TEXT);
        add("nis+-domain", 64, TEXT);
        add("nis+-server", 65, ADDRESSES);
        add("tftp-server", 66, TEXT);
        add("bootfile-name", 67, TEXT);
        add("mobile-ip-home", 68, ADDRESSES);
        add("smtp-server", 69, ADDRESSES);
        add("pop3-server", 70, ADDRESSES);
        add("nntp-server", 71, ADDRESSES);
        add("irc-server", 74, ADDRESSES);
        add("user-class", 77, TEXT);
        add("client-arch", 93, UINT16);
        add("domain-search", 119, DOMAIN_LIST);
        add("classless-static-route", 121, CLASSLESS_ROUTES);
        add("tftp-server-address", 150, ADDRESSES);
        add("server-ip-address", NEXT_SERVER, ADDRESS);
    }

    private OptionCatalog() {
    }

    private static void add(String name, int code, OptionType type) {
        Option o = new Option(code, type);
        BY_NAME.put(name, o);
        BY_CODE.put(code, o);
    }

    /** The option {@code name} means ("67", "bootfile-name", "option:bootfile-name"), or empty if none. */
    static Optional<Option> find(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        if (n.startsWith("option:")) {
            n = n.substring("option:".length());
        }
        if (n.matches("\\d{1,3}")) {
            int code = Integer.parseInt(n);
            if (code < 1 || code > 254) {
                return Optional.empty();
            }
            return Optional.of(BY_CODE.getOrDefault(code, new Option(code, GUESSED)));
        }
        return Optional.ofNullable(BY_NAME.get(n));
    }
}
