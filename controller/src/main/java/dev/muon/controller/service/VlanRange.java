package dev.muon.controller.service;

/** The provider VLAN ids of one physical network that tenant networks may be given. */
public record VlanRange(int min, int max) {
    public VlanRange {
        if (min < 1 || max > 4094 || min > max) {
            throw new IllegalArgumentException("VLAN range must lie within 1..4094 with min <= max: " + min + ".." + max);
        }
    }
}
