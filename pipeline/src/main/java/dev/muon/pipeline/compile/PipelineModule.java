package dev.muon.pipeline.compile;

/**
 * One concern of the pipeline (anti-spoofing, L2 population, DHCP, ...): a pure function of
 * the node's view of the model that contributes flows and port tags to the sink. A new
 * feature is a new module plus its entries in the table and field catalogues.
 */
interface PipelineModule {

    void contribute(CompileContext ctx, PipelineSink sink);
}
