package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Flow;
import java.util.List;

/** One decoded multipart flow-stats reply; {@code more} is set on all but the last. */
record FlowStatsChunk(long xid, boolean more, List<Flow> flows) {
}
