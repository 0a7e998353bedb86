package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.FixedIp;
import java.util.List;

/**
 * What a port's own flows (firewall, anti-spoofing) are made of: its addresses as wired here and
 * its cookie. Not the whole port: its status and binding change when it goes ACTIVE, and its flows
 * must not be rebuilt for that (a {@link FragmentMemo} key).
 */
record PortFlowKey(String portId, long cookie, String mac, List<FixedIp> fixedIps, List<AllowedAddressPair> pairs,
                   int ofport, int localVlan) {

    static PortFlowKey of(LocalPort lp, long cookie) {
        return new PortFlowKey(lp.port().id(), cookie, lp.port().macAddress(), lp.port().fixedIps(),
                lp.port().allowedAddressPairs(), lp.ofport(), lp.localVlan());
    }
}
