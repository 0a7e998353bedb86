package dev.muon.pipeline.flow;

import java.util.List;

/**
 * What to send a bridge to turn its meters into the desired ones: {@code adds} and
 * {@code modifies} go before the flows that use them (a flow naming a missing meter is
 * refused), {@code deletes} after the flows that used them are gone (deleting a meter
 * deletes every flow still using it).
 */
public record MeterChanges(List<Meter> adds, List<Meter> modifies, List<Meter> deletes) {
    public static final MeterChanges NONE = new MeterChanges(List.of(), List.of(), List.of());

    public MeterChanges {
        adds = List.copyOf(adds);
        modifies = List.copyOf(modifies);
        deletes = List.copyOf(deletes);
    }

    public boolean isEmpty() {
        return adds.isEmpty() && modifies.isEmpty() && deletes.isEmpty();
    }

    /** The part that must be on the bridge before the flows change. */
    public MeterChanges beforeFlows() {
        return new MeterChanges(adds, modifies, List.of());
    }

    /** The part that must wait until the flows have changed. */
    public MeterChanges afterFlows() {
        return new MeterChanges(List.of(), List.of(), deletes);
    }
}
