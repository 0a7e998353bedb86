package dev.muon.northbound;

import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Router;

import java.util.List;

/** A router as the API shows it: the model record plus its gateway port's addresses (external_fixed_ips). */
public record RouterView(Router router, List<FixedIp> gatewayIps, List<String> availabilityZones) {
    public RouterView {
        gatewayIps = List.copyOf(gatewayIps);
        availabilityZones = availabilityZones == null ? List.of() : List.copyOf(availabilityZones);
    }

    /** In no availability zone. */
    public RouterView(Router router, List<FixedIp> gatewayIps) {
        this(router, gatewayIps, List.of());
    }
}
