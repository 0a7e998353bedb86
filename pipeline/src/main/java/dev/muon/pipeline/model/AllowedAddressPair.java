package dev.muon.pipeline.model;

/** An extra (IP or CIDR, MAC) the port may send from; mac null means the port's own MAC. */
public record AllowedAddressPair(String ipAddress, String macAddress) {
}
