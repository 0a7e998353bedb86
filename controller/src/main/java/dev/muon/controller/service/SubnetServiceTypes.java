package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.Subnet;

import java.util.List;
import java.util.stream.Stream;

/**
 * Neutron's subnet-service-types: a subnet with service types gives addresses only to ports whose
 * device owner is one of them (and, when it serves DHCP, to DHCP ports); a subnet without any to
 * every port. Where a port may take an address from several, those with service types come first.
 */
final class SubnetServiceTypes {
    /**
     * What neutron-lib's validator accepts: "network:" and "neutron:", and (as it adds the string
     * "compute:" to its list of prefixes, so each of its characters becomes one) anything starting
     * with one of the characters of "compute:". Clients rely on that: tempest uses "test:type_1".
     */
    private static final List<String> PREFIXES = List.of(DeviceOwner.NETWORK_PREFIX, "neutron:",
            "c", "o", "m", "p", "u", "t", "e", ":");

    private SubnetServiceTypes() {
    }

    /** The requested service types, each checked; null when none were sent. */
    static List<String> validate(List<String> types) {
        if (types == null) {
            return null;
        }
        for (String type : types) {
            if (PREFIXES.stream().noneMatch(type::startsWith)) {
                throw new NeutronException(400, "InvalidSubnetServiceType", "Subnet service type " + type
                        + " does not correspond to a valid device owner.");
            }
        }
        return List.copyOf(types);
    }

    /** Whether a port owned by {@code deviceOwner} may take an address from {@code subnet}. */
    static boolean serves(Subnet subnet, String deviceOwner) {
        return subnet.serviceTypes().isEmpty() || subnet.serviceTypes().contains(deviceOwner)
                || (subnet.enableDhcp() && DeviceOwner.DHCP.equals(deviceOwner));
    }

    /** {@code subnets} that serve {@code deviceOwner}, those with service types first, else in order. */
    static List<Subnet> serving(List<Subnet> subnets, String deviceOwner) {
        List<Subnet> typed = subnets.stream().filter(s -> !s.serviceTypes().isEmpty())
                .filter(s -> serves(s, deviceOwner)).toList();
        List<Subnet> untyped = subnets.stream().filter(s -> s.serviceTypes().isEmpty()).toList();
        return Stream.concat(typed.stream(), untyped.stream()).toList();
    }
}
