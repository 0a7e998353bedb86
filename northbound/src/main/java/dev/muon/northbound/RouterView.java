package dev.muon.northbound;

import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Router;

import java.util.List;

/** A router as the API shows it: the model record plus its gateway port's addresses (external_fixed_ips). */
public record RouterView(Router router, List<FixedIp> gatewayIps) {
    public RouterView {
        gatewayIps = List.copyOf(gatewayIps);
    }
}
