package dev.muon.northbound;

import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.Port;

/**
 * A floating IP as the API shows it: the model record plus the port it is associated with,
 * for Neutron's port_details (extension fip-port-details); null when not associated.
 */
public record FloatingIpView(FloatingIp floatingIp, Port port) {
}
