package dev.muon.controller.dhcp;

/**
 * A port DHCP serves, with what every reply to it repeats worked out once (per model snapshot,
 * see {@link LeaseCache}): its address and the server's as integers, and the encoded options
 * that describe its subnet (mask, broadcast, router, DNS, hostname, domain, MTU, routes) with its
 * extra options, and the next server (siaddr, 0 for none) from its server-ip-address option.
 */
record ServedPort(DhcpLease lease, int address, int server, byte[] configuration, int nextServer) {
}
