package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;
import static dev.muon.pipeline.flow.Action.normal;
import static dev.muon.pipeline.flow.Action.outputReg;

import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FlowBuilder;
import dev.muon.pipeline.flow.PipelineTable;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.flow.Subfield;
import java.util.Map;

/**
 * The pipeline's frame, from the table catalogue: each table in use on each bridge Muon
 * programs gets its miss flow (drop, NORMAL, or on to the next table) as the catalogue
 * declares it, and br-int drops the dead VLAN outright, as Neutron's agent sets it up.
 */
final class PipelineSkeleton implements PipelineModule {

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        long cookie = ctx.cookies().pipeline();
        for (Map.Entry<String, PipelineTable.BridgeKind> b : ctx.ownedBridges().entrySet()) {
            if (!ctx.programs(b.getKey())) {
                continue;
            }
            for (PipelineTable t : PipelineTable.of(b.getValue())) {
                if (t.use() == PipelineTable.Use.ACTIVE && t.miss() != PipelineTable.Miss.TABLE_MISS) {
                    sink.add(b.getKey(), miss(t, t.flow(Priority.MISS).cookie(cookie)));
                }
            }
        }
        sink.add(Bridges.INTEGRATION, PipelineTable.INT_LOCAL_SWITCHING.flow(Priority.DEAD_VLAN_DROP).cookie(cookie)
                .match(m -> m.vlan(Bridges.DEAD_VLAN)).drop());
    }

    private static dev.muon.pipeline.flow.Flow miss(PipelineTable t, FlowBuilder b) {
        return switch (t.miss()) {
            case DROP -> b.drop();
            case NORMAL -> b.actions(normal()).build();
            case GOTO_NEXT -> b.actions(gotoTable(t.next().number())).build();
            case NORMAL_VIA_91 -> b.actions(gotoTable(PipelineTable.INT_ACCEPTED_EGRESS.number())).build();
            case OUTPUT_OUT_PORT -> b.actions(outputReg(Subfield.whole(Field.REG5))).build();
            case TABLE_MISS -> throw new IllegalArgumentException(t + " has no miss flow");
        };
    }
}
