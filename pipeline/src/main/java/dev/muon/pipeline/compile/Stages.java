package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.gotoTable;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.PipelineTable;

/**
 * Where a packet goes once a stage is done with it: a decision of the pipeline as a whole,
 * not of the module that ends the stage. A frame that passed anti-spoofing goes to TRANSIENT
 * (60), as with Neutron's openvswitch firewall: from there to the firewall (71) when its port
 * is filtered, else to the router hook (73), and only then NORMAL (91).
 */
final class Stages {
    private Stages() {
    }

    /** What follows a frame's anti-spoofing checks (table 24 for neighbour advertisements, 25 for the rest). */
    static Action afterPortSecurity() {
        return gotoTable(PipelineTable.INT_TRANSIENT.number());
    }
}
