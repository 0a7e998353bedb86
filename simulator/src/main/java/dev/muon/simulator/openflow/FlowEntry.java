package dev.muon.simulator.openflow;

/**
 * One installed flow: what a dump returns of it. Two entries are equal when they share table,
 * priority and match, what identifies a flow in Open vSwitch (an add with the same three
 * replaces it), so the flow table holds each entry as its own key: no key object per flow.
 * The match and the instructions are interned and never modified.
 */
final class FlowEntry {
    private final int table;
    private final int priority;
    private final int flags;
    private final long cookie;
    private final long installedNanos;
    private final FlowMatch match;
    private final Instructions instructions;

    FlowEntry(int table, int priority, long cookie, int flags, FlowMatch match, Instructions instructions, long installedNanos) {
        this.table = table;
        this.priority = priority;
        this.cookie = cookie;
        this.flags = flags;
        this.match = match;
        this.instructions = instructions;
        this.installedNanos = installedNanos;
    }

    /** An entry standing only for its identity, to look one up. */
    static FlowEntry key(int table, int priority, FlowMatch match) {
        return new FlowEntry(table, priority, 0, 0, match, null, 0);
    }

    int table() {
        return table;
    }

    int priority() {
        return priority;
    }

    long cookie() {
        return cookie;
    }

    int flags() {
        return flags;
    }

    FlowMatch match() {
        return match;
    }

    Instructions instructions() {
        return instructions;
    }

    long installedNanos() {
        return installedNanos;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowEntry e && table == e.table && priority == e.priority && match.equals(e.match);
    }

    @Override
    public int hashCode() {
        return (table * 31 + priority) * 31 + match.hashCode();
    }

    @Override
    public String toString() {
        return "table=" + table + ",priority=" + priority + "," + match + ",cookie=0x" + Long.toHexString(cookie);
    }
}
