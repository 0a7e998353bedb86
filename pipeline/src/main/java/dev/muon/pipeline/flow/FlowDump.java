package dev.muon.pipeline.flow;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders flows the way {@code ovs-ofctl dump-flows} lists them: by table, then priority, high first. */
public final class FlowDump {
    public static final Comparator<Flow> ORDER = Comparator.comparingInt(Flow::table)
            .thenComparing(Comparator.comparingInt(Flow::priority).reversed())
            .thenComparing(f -> f.match().toOfctl());

    private FlowDump() {
    }

    public static List<Flow> sorted(List<Flow> flows) {
        return flows.stream().sorted(ORDER).toList();
    }

    public static String render(List<Flow> flows) {
        return sorted(flows).stream().map(Flow::toOfctl).collect(Collectors.joining("\n", "", "\n"));
    }

    /** Each flow followed by the logical object its cookie names, for operators. */
    public static String explain(List<Flow> flows, Map<Long, String> cookieOwners) {
        return sorted(flows).stream()
                .map(f -> f.toOfctl() + "   # " + cookieOwners.getOrDefault(f.cookie(), "?"))
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
