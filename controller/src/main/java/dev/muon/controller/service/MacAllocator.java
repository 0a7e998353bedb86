package dev.muon.controller.service;

import dev.muon.pipeline.model.NetworkModel;

import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Port MAC addresses: random under Neutron's default base {@code fa:16:3e}, unique across all
 * ports (not only per network, so that a MAC names one port on every node's br-int).
 */
final class MacAllocator {
    static final String PREFIX = "fa:16:3e";
    /** Neutron's mac_generation_retries. */
    private static final int ATTEMPTS = 16;
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}[:-]){5}[0-9a-f]{2}");

    private final RandomGenerator random;

    MacAllocator(RandomGenerator random) {
        this.random = random;
    }

    String allocate(NetworkModel model, String networkId) {
        return allocate(mac -> !model.portsWithMac(mac).isEmpty(), networkId);
    }

    /** A random MAC {@code taken} says no port has (a bulk create asks a set built once per transaction). */
    String allocate(Predicate<String> taken, String networkId) {
        for (int i = 0; i < ATTEMPTS; i++) {
            byte[] tail = new byte[3];
            random.nextBytes(tail);
            String mac = PREFIX + ":" + HexFormat.ofDelimiter(":").formatHex(tail);
            if (!taken.test(mac)) {
                return mac;
            }
        }
        throw ServiceErrors.macGenerationFailure(networkId);
    }

    /** A client-given MAC in canonical form (lower case, colons); refuses multicast and all-zero. */
    static String canonical(String text, String attribute) {
        String mac = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (!MAC.matcher(mac).matches()) {
            throw ServiceErrors.invalidAttribute(attribute, "'" + text + "' is not a valid MAC address");
        }
        mac = mac.replace('-', ':');
        int firstOctet = Integer.parseInt(mac.substring(0, 2), 16);
        if ((firstOctet & 1) != 0 || mac.equals("00:00:00:00:00:00")) {
            throw ServiceErrors.invalidAttribute(attribute, "'" + text + "' is not a valid MAC address");
        }
        return mac;
    }
}
