package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.normal;

import dev.muon.pipeline.flow.Action;

/**
 * Where a packet goes once a stage is done with it: a decision of the pipeline as a whole,
 * not of the module that ends the stage. Until the firewall and L3 tables (60, 71–82) carry
 * flows, a frame that passed anti-spoofing is switched NORMAL, as Neutron's agent does without
 * the openvswitch firewall; those features change it here, once.
 */
final class Stages {
    private Stages() {
    }

    /** What follows a frame's anti-spoofing checks (table 24 for neighbour advertisements, 25 for the rest). */
    static Action afterPortSecurity() {
        return normal();
    }
}
