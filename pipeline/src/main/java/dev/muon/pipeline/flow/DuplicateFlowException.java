package dev.muon.pipeline.flow;

/**
 * Two flows computed for one bridge with the same (table, priority, match): a switch holds
 * only one of them, so which one wins would depend on order. The compile fails instead.
 */
public final class DuplicateFlowException extends IllegalStateException {
    public DuplicateFlowException(String bridge, Flow first, Flow second) {
        super(bridge + ": two flows with one key (table, priority, match):\n  " + first.toOfctl()
                + "\n  " + second.toOfctl());
    }
}
