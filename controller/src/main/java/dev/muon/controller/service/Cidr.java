package dev.muon.controller.service;

import java.math.BigInteger;
import java.net.InetAddress;

/**
 * An IP network in CIDR notation. Parsing is strict like Neutron's: the address must be the
 * network address ({@code 10.0.0.5/24} is refused, naming {@code 10.0.0.0/24} instead).
 */
record Cidr(int version, BigInteger network, int prefixLength) {

    /** @throws IllegalArgumentException with Neutron's reason text when {@code text} is not a network */
    static Cidr parse(String text) {
        Cidr cidr = parseLoose(text);
        BigInteger address = IpAddresses.toNumber(IpAddresses.parse(text.substring(0, text.indexOf('/'))));
        if (!cidr.network.equals(address)) {
            throw new IllegalArgumentException("'" + text + "' isn't a recommended CIDR, '" + cidr
                    + "' should be specified instead");
        }
        return cidr;
    }

    /** Parses a prefix that may have host bits set ({@code 10.0.0.5/24}), giving its network. */
    static Cidr parseLoose(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || !IpAddresses.isAddress(text.substring(0, slash))) {
            throw new IllegalArgumentException("'" + text + "' is not a valid IP subnet");
        }
        InetAddress address = IpAddresses.parse(text.substring(0, slash));
        int version = IpAddresses.version(address);
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid IP subnet");
        }
        if (prefix < 0 || prefix > IpAddresses.bits(version)) {
            throw new IllegalArgumentException("'" + text + "' is not a valid IP subnet");
        }
        return new Cidr(version, IpAddresses.toNumber(address).and(mask(version, prefix)), prefix);
    }

    /** A block of {@code prefixLength} starting at {@code network} (which must be aligned). */
    static Cidr of(int version, BigInteger network, int prefixLength) {
        return new Cidr(version, network, prefixLength);
    }

    /** Parses, or fails with Neutron's "Invalid input for &lt;attribute&gt;". */
    static Cidr parse(String text, String attribute) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw ServiceErrors.invalidAttribute(attribute, e.getMessage());
        }
    }

    private static BigInteger mask(int version, int prefix) {
        int bits = IpAddresses.bits(version);
        BigInteger all = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
        BigInteger host = BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
        return all.xor(host);
    }

    BigInteger first() {
        return network;
    }

    BigInteger last() {
        return network.add(BigInteger.ONE.shiftLeft(IpAddresses.bits(version) - prefixLength)).subtract(BigInteger.ONE);
    }

    /**
     * The lowest and highest addresses a host may have: not the network address, and in IPv4
     * not the broadcast address. IPv6 has no broadcast; its first address is the subnet-router anycast.
     */
    BigInteger firstHost() {
        return first().add(BigInteger.ONE);
    }

    BigInteger lastHost() {
        return version == 4 ? last().subtract(BigInteger.ONE) : last();
    }

    boolean contains(InetAddress address) {
        return contains(IpAddresses.version(address), IpAddresses.toNumber(address));
    }

    boolean contains(int addressVersion, BigInteger address) {
        return addressVersion == version && address.compareTo(first()) >= 0 && address.compareTo(last()) <= 0;
    }

    /** True when {@code address} may be given to a host on this network. */
    boolean isHostAddress(BigInteger address) {
        return address.compareTo(firstHost()) >= 0 && address.compareTo(lastHost()) <= 0;
    }

    boolean overlaps(Cidr other) {
        return version == other.version && first().compareTo(other.last()) <= 0 && other.first().compareTo(last()) <= 0;
    }

    @Override
    public String toString() {
        return IpAddresses.format(network, version) + "/" + prefixLength;
    }
}
