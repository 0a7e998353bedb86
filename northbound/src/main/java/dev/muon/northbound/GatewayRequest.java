package dev.muon.northbound;

import dev.muon.pipeline.model.FixedIp;

import java.util.List;

/**
 * A router's external_gateway_info as sent: the external network, whether to SNAT (null: the
 * default, true) and the gateway port's addresses (null: allocate one), each naming a subnet,
 * an address or both.
 */
public record GatewayRequest(String networkId, Boolean enableSnat, List<FixedIp> externalFixedIps) {
    public static GatewayRequest to(String networkId) {
        return new GatewayRequest(networkId, null, null);
    }
}
