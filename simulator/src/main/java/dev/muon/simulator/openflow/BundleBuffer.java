package dev.muon.simulator.openflow;

import java.util.ArrayList;
import java.util.List;

/**
 * An open OpenFlow 1.4 bundle of one connection: its flags and the flow-mods added so far,
 * each already checked as it was added (so a bad one is refused with its own xid at once,
 * and stays out of the bundle, as in Open vSwitch).
 */
final class BundleBuffer {
    final long id;
    final int flags;
    final List<FlowMod> flowMods = new ArrayList<>();
    boolean closed;

    BundleBuffer(long id, int flags) {
        this.id = id;
        this.flags = flags;
    }
}
