package dev.muon.pipeline.model;

/**
 * A port's extra DHCP option (Neutron's extra_dhcp_opt): a name as dnsmasq knows it
 * ("bootfile-name", "router") or an option code ("67"), its value as text, and the DHCP it is
 * for (4 or 6). In a request, a null value removes the port's option of that name and version;
 * a stored option's value is never null ("" only for the options Neutron lets be blank).
 */
public record ExtraDhcpOpt(String optName, String optValue, int ipVersion) {
}
