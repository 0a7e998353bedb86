package dev.muon.controller.l3;

import dev.muon.controller.MuonConfig;

/** How many ICMP errors the controller builds per node: {@code perSecond} on average, {@code burst} at once. */
public record RouterIcmpConfig(int perSecond, int burst) {
    public static final RouterIcmpConfig DEFAULTS = new RouterIcmpConfig(100, 50);

    public RouterIcmpConfig {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("l3.icmp.errors.per.second and l3.icmp.errors.burst must be at least 1, not "
                    + perSecond + " and " + burst);
        }
    }

    public static RouterIcmpConfig from(MuonConfig config) {
        return new RouterIcmpConfig(config.getInt("l3.icmp.errors.per.second"), config.getInt("l3.icmp.errors.burst"));
    }
}
