package dev.muon.simulator.openflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A bridge's flows in Open vSwitch's 255 tables, with OVS's flow-mod semantics: an add replaces
 * a flow with the same table, priority and match (its cookie and instructions new); a modify
 * rewrites the instructions of the flows it selects (selecting none, it does nothing: OpenFlow
 * 1.1+, as OVS checks below the driver); strict commands
 * select by exact priority and match, the others every flow at least as specific as the match;
 * cookie masks and out_port filter; table 255 means all tables. Each change can be recorded in
 * a {@link FlowUndo}, which is how a bundle is rolled back. Not thread-safe: used on the
 * switch's event loop only.
 */
final class FlowTable {
    /** Flags Open vSwitch keeps with a flow and dumps (send_flow_rem, check_overlap, no_packet_counts, no_byte_counts). */
    private static final int KEPT_FLAGS = 0x1 | 0x2 | 0x8 | 0x10;
    private static final int CHECK_OVERLAP = 0x2;

    @SuppressWarnings("unchecked")
    private final Map<FlowEntry, FlowEntry>[] tables = new Map[InstructionCheck.TABLES];
    private int size;

    int size() {
        return size;
    }

    /** Applies a checked flow-mod; {@code undo} (may be null) learns what it replaced. */
    void apply(FlowMod fm, FlowUndo undo, long nanos) {
        switch (fm.command()) {
            case FlowMod.ADD -> {
                if ((fm.flags() & CHECK_OVERLAP) != 0) {
                    checkOverlap(fm);
                }
                put(entry(fm, fm.cookie(), fm.instructions().instructions(), nanos), undo);
            }
            case FlowMod.MODIFY, FlowMod.MODIFY_STRICT -> {
                for (FlowEntry e : select(fm)) {
                    put(new FlowEntry(e.table(), e.priority(), e.cookie(), e.flags(), e.match(),
                            fm.instructions().instructions(), e.installedNanos()), undo);
                }
            }
            default -> {
                for (FlowEntry e : select(fm)) {
                    remove(e, undo);
                }
            }
        }
    }

    /** OFPFF_CHECK_OVERLAP: no other flow of the same table and priority may match a packet this one matches. */
    private void checkOverlap(FlowMod fm) {
        Map<FlowEntry, FlowEntry> t = tables[fm.table()];
        if (t == null) {
            return;
        }
        for (FlowEntry e : t.values()) {
            if (e.priority() == fm.priority() && !e.match().equals(fm.match()) && e.match().overlaps(fm.match())) {
                throw new OfError(OfError.FLOW_MOD_FAILED, 3, "overlaps " + e.match());
            }
        }
    }

    /** Removes the flows whose meter instruction names {@code meterId} (OVS does, deleting the meter). */
    void removeUsingMeter(long meterId) {
        List<FlowEntry> doomed = new ArrayList<>();
        forEach(e -> {
            if (InstructionCheck.meterOf(e.instructions().bytes()) == meterId) {
                doomed.add(e);
            }
        });
        doomed.forEach(k -> remove(k, null));
    }

    /** Every flow, table by table. */
    void forEach(Consumer<FlowEntry> action) {
        for (Map<FlowEntry, FlowEntry> t : tables) {
            if (t != null) {
                t.values().forEach(action);
            }
        }
    }

    List<FlowEntry> select(FlowMod fm) {
        List<FlowEntry> out = new ArrayList<>();
        if (fm.strict() && fm.table() != FlowMod.TABLE_ALL) {
            Map<FlowEntry, FlowEntry> t = tables[fm.table()];
            FlowEntry e = t == null ? null : t.get(FlowEntry.key(fm.table(), fm.priority(), fm.match()));
            if (e != null && fm.selects(e)) {
                out.add(e);
            }
            return out;
        }
        if (fm.table() != FlowMod.TABLE_ALL) {
            Map<FlowEntry, FlowEntry> t = tables[fm.table()];
            if (t != null) {
                t.values().stream().filter(fm::selects).forEach(out::add);
            }
            return out;
        }
        forEach(e -> {
            if (fm.selects(e)) {
                out.add(e);
            }
        });
        return out;
    }

    /** The installed entry equal to {@code key} (same table, priority and match), or null. */
    FlowEntry get(FlowEntry key) {
        Map<FlowEntry, FlowEntry> t = tables[key.table()];
        return t == null ? null : t.get(key);
    }

    void put(FlowEntry e, FlowUndo undo) {
        Map<FlowEntry, FlowEntry> t = tables[e.table()];
        if (t == null) {
            t = tables[e.table()] = new HashMap<>();
        }
        FlowEntry before = t.remove(e); // not put over it: the map would keep the old entry as the key
        t.put(e, e);
        if (before == null) {
            size++;
        }
        if (undo != null) {
            undo.record(e, before);
        }
    }

    void remove(FlowEntry key, FlowUndo undo) {
        Map<FlowEntry, FlowEntry> t = tables[key.table()];
        FlowEntry before = t == null ? null : t.remove(key);
        if (before != null) {
            size--;
            if (undo != null) {
                undo.record(key, before);
            }
        }
    }

    private static FlowEntry entry(FlowMod fm, long cookie, Instructions instructions, long nanos) {
        return new FlowEntry(fm.table(), fm.priority(), cookie, fm.flags() & KEPT_FLAGS, fm.match(), instructions, nanos);
    }
}
