package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The availability zones of the nodes Muon knows, for networks' and routers' hints. Muon places
 * nothing itself (Nova decides where ports are, and every node serves DHCP and routing for its
 * own ports), so a hint is checked and kept but steers nothing; a network or router shows as
 * its {@code availability_zones} the known zones among its hints, or every known zone when it
 * has none: where it is served.
 */
public final class AvailabilityZones {
    private volatile Supplier<Set<String>> known = Set::of;

    /** Takes the zones from {@code nodes} (the controller's nodes; none until this is called). */
    public void use(Supplier<Set<String>> nodes) {
        this.known = nodes;
    }

    /** @throws NeutronException 404 AvailabilityZoneNotFound for a hint no known node is in (Neutron's check) */
    void checkHints(List<String> hints) {
        if (hints == null || hints.isEmpty()) {
            return;
        }
        Set<String> zones = known.get();
        for (String hint : hints) {
            if (!zones.contains(hint)) {
                throw NeutronException.notFound("AvailabilityZoneNotFound",
                        "AvailabilityZone " + hint + " could not be found.");
            }
        }
    }

    /** Where a resource with these hints is served, sorted. */
    List<String> servedIn(List<String> hints) {
        Set<String> zones = new TreeSet<>(known.get());
        if (!hints.isEmpty()) {
            zones.retainAll(hints);
        }
        return List.copyOf(zones);
    }
}
