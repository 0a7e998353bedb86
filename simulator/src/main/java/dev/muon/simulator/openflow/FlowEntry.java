package dev.muon.simulator.openflow;

/**
 * One installed flow: what a dump returns of it. The match and the instruction bytes are
 * shared with nothing else and never modified.
 */
record FlowEntry(int table, int priority, long cookie, int flags, FlowMatch match, Instructions instructions,
                 long installedNanos) {
    FlowKey key() {
        return new FlowKey(table, priority, match);
    }

    /** What identifies a flow in Open vSwitch: an add with the same key replaces it. */
    record FlowKey(int table, int priority, FlowMatch match) {
    }
}
