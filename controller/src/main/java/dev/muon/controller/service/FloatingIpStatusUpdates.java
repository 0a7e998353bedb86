package dev.muon.controller.service;

import dev.muon.pipeline.model.FloatingIp;
import dev.muon.pipeline.model.ResourceKind;
import java.time.Instant;

/**
 * Writes the status the dataplane shows for a floating IP (ACTIVE once a node serving it holds
 * its flows, DOWN when none serves it) into the model, stamped as any change.
 */
final class FloatingIpStatusUpdates extends StatusUpdates<FloatingIp> {

    FloatingIpStatusUpdates() {
        super(ResourceKind.FLOATING_IP);
    }

    @Override
    String statusOf(FloatingIp f) {
        return f.status();
    }

    @Override
    FloatingIp withStatus(FloatingIp f, String status, Instant now) {
        return f.withAssociation(f.portId(), f.fixedIpAddress(), f.routerId(), status).revised(now);
    }
}
