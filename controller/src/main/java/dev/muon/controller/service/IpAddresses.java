package dev.muon.controller.service;

import com.google.common.net.InetAddresses;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;

/** IP address parsing and arithmetic on top of Guava's InetAddresses. */
final class IpAddresses {
    private IpAddresses() {
    }

    /** @throws IllegalArgumentException when {@code text} is not an IPv4 or IPv6 literal */
    static InetAddress parse(String text) {
        return InetAddresses.forString(text);
    }

    static boolean isAddress(String text) {
        return text != null && InetAddresses.isInetAddress(text);
    }

    /** The address, or Neutron's "Invalid input for &lt;attribute&gt;" when it is not one. */
    static InetAddress parse(String text, String attribute) {
        if (!isAddress(text)) {
            throw ServiceErrors.invalidAttribute(attribute, "'" + text + "' is not a valid IP address");
        }
        return parse(text);
    }

    static int version(InetAddress address) {
        return address instanceof Inet4Address ? 4 : 6;
    }

    static int bits(int version) {
        return version == 4 ? 32 : 128;
    }

    /**
     * The number of an address kept in the model (canonical text): a dotted IPv4 quad is read
     * directly, as a port create reads every address of its network; anything else through
     * {@link #parse}.
     */
    static BigInteger number(String text) {
        long v = 0;
        int octets = 0;
        int i = 0;
        int n = text.length();
        while (i < n && octets < 4) {
            int start = i;
            int octet = 0;
            while (i < n && i - start < 3 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                octet = octet * 10 + (text.charAt(i++) - '0');
            }
            boolean leadingZero = i - start > 1 && text.charAt(start) == '0';
            if (i == start || octet > 255 || leadingZero) {
                break;
            }
            v = v << 8 | octet;
            octets++;
            if (octets < 4) {
                if (i == n || text.charAt(i) != '.') {
                    break;
                }
                i++;
            }
        }
        return octets == 4 && i == n ? BigInteger.valueOf(v) : toNumber(parse(text));
    }

    static BigInteger toNumber(InetAddress address) {
        return InetAddresses.toBigInteger(address);
    }

    static InetAddress fromNumber(BigInteger value, int version) {
        return version == 4 ? InetAddresses.fromIPv4BigInteger(value) : InetAddresses.fromIPv6BigInteger(value);
    }

    /** The canonical text form (RFC 5952 for IPv6), so that equal addresses compare equal as strings. */
    static String format(InetAddress address) {
        return InetAddresses.toAddrString(address);
    }

    static String format(BigInteger value, int version) {
        return format(fromNumber(value, version));
    }

    static String canonical(String text) {
        return format(parse(text));
    }
}
