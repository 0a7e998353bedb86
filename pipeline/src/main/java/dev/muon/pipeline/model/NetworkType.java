package dev.muon.pipeline.model;

/** Neutron's provider:network_type values that Muon implements. */
public enum NetworkType {
    VXLAN("vxlan"), VLAN("vlan"), FLAT("flat");

    private final String neutronName;

    NetworkType(String neutronName) {
        this.neutronName = neutronName;
    }

    public String neutronName() {
        return neutronName;
    }

    public static NetworkType fromNeutron(String name) {
        for (NetworkType t : values()) {
            if (t.neutronName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown network type: " + name);
    }
}
