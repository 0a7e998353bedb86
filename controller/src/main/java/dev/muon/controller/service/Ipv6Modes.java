package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;
import dev.muon.pipeline.model.Subnet;

import java.util.Set;

/**
 * Neutron's rules for a subnet's ipv6_ra_mode and ipv6_address_mode: IPv6 only, only with DHCP
 * enabled, equal when both are set, and a /64 when addresses are automatic (SLAAC or
 * DHCPv6-stateless: the EUI-64 interface id takes the other 64 bits). Muon stores and shows
 * them; its dataplane does not act on them yet (ports keep their IPAM addresses).
 */
final class Ipv6Modes {
    private static final Set<String> AUTO_ADDRESS = Set.of("slaac", "dhcpv6-stateless");

    private Ipv6Modes() {
    }

    /** @throws NeutronException 400 InvalidInput for a combination Neutron refuses on create */
    static void checkNew(int ipVersion, int prefixLength, String cidr, boolean enableDhcp, String raMode,
                         String addressMode) {
        if (ipVersion == 4) {
            if (raMode != null) {
                throw ServiceErrors.invalidInput("ipv6_ra_mode is not valid when ip_version is 4");
            }
            if (addressMode != null) {
                throw ServiceErrors.invalidInput("ipv6_address_mode is not valid when ip_version is 4");
            }
            return;
        }
        if ((raMode != null || addressMode != null) && !enableDhcp) {
            throw ServiceErrors.invalidInput("ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp "
                    + "is set to False");
        }
        if (raMode != null && addressMode != null && !raMode.equals(addressMode)) {
            throw ServiceErrors.invalidInput("ipv6_ra_mode set to '" + raMode + "' with ipv6_address_mode set to '"
                    + addressMode + "' is not valid. If both attributes are set, they must be the same value");
        }
        if ((automatic(raMode) || automatic(addressMode)) && prefixLength != 64) {
            throw ServiceErrors.invalidInput("Invalid CIDR " + cidr + " for IPv6 address mode. OpenStack uses the "
                    + "EUI-64 address format, which requires the prefix to be /64");
        }
    }

    /** SLAAC or DHCPv6-stateless: the host forms its own address (null-safe, unlike Set.of's contains). */
    private static boolean automatic(String mode) {
        return mode != null && AUTO_ADDRESS.contains(mode);
    }

    /** Whether ports take their address on {@code subnet} from their MAC (Neutron's is_auto_address_subnet). */
    static boolean autoAddress(Subnet subnet) {
        return automatic(subnet.ipv6RaMode()) || automatic(subnet.ipv6AddressMode());
    }

    /** @throws NeutronException 400 when an update turns DHCP off under a subnet's IPv6 modes */
    static void checkUpdate(Subnet current, Boolean enableDhcp) {
        if (Boolean.FALSE.equals(enableDhcp)
                && (current.ipv6RaMode() != null || current.ipv6AddressMode() != null)) {
            throw ServiceErrors.invalidInput("Cannot disable enable_dhcp with ipv6 attributes set");
        }
    }
}
