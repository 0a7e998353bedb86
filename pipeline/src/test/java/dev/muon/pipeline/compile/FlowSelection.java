package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.Priority;
import java.util.List;

/**
 * Tests select flows by catalogue table, priority band and owner, never by the raw table and
 * priority numbers that later features may move: a test then keeps meaning what it says.
 */
final class FlowSelection {
    private FlowSelection() {
    }

    static List<Flow> in(DesiredState desired, String bridge, PipelineTable table) {
        return desired.flows(bridge).stream().filter(f -> f.table() == table.number()).toList();
    }

    static List<Flow> in(DesiredState desired, String bridge, PipelineTable table, Priority band) {
        return in(desired, bridge, table).stream()
                .filter(f -> f.priority() >= band.base() && f.priority() <= band.base() + band.span()).toList();
    }

    static List<Flow> in(List<Flow> flows, PipelineTable table, Priority band) {
        return flows.stream().filter(f -> f.table() == table.number()
                && f.priority() >= band.base() && f.priority() <= band.base() + band.span()).toList();
    }

    static List<Flow> ownedBy(List<Flow> flows, long cookie) {
        return flows.stream().filter(f -> f.cookie() == cookie).toList();
    }
}
