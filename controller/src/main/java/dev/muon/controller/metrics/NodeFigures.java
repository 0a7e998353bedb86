package dev.muon.controller.metrics;

/** One node as the per-node gauges show it: connected or not, and the flows its switches hold. */
public record NodeFigures(String node, boolean connected, int flowsHeld) {
}
