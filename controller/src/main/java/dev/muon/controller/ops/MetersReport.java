package dev.muon.controller.ops;

import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.MeterChanges;
import dev.muon.pipeline.flow.MeterDiff;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The meters Muon computed for one bridge, and how the switch differs from them; nothing for a bridge without any. */
final class MetersReport {
    private MetersReport() {
    }

    static String of(Optional<OpenFlowSwitch> sw, List<Meter> want) {
        Optional<OpenFlowSwitch> up = sw.filter(OpenFlowSwitch::isConnected);
        StringBuilder sb = new StringBuilder();
        try {
            List<Meter> have = up.isPresent() ? up.get().dumpMeters().get(30, TimeUnit.SECONDS) : List.of();
            if (want.isEmpty() && have.isEmpty()) {
                return "";
            }
            sb.append("-- ").append(want.size()).append(" meters computed\n");
            want.stream().sorted(Comparator.comparingLong(Meter::id))
                    .forEach(m -> sb.append(m.toOfctl()).append('\n'));
            if (up.isEmpty()) {
                return sb.append("-- switch not connected: cannot compare meters\n").toString();
            }
            MeterChanges diff = MeterDiff.between(have, want);
            if (diff.isEmpty()) {
                return sb.append("-- switch holds exactly these meters\n").toString();
            }
            sb.append("-- switch's meters differ (the reconciler repairs this):\n");
            diff.adds().forEach(m -> sb.append("  missing:        ").append(m.toOfctl()).append('\n'));
            diff.modifies().forEach(m -> sb.append("  different:      ").append(m.toOfctl()).append('\n'));
            diff.deletes().forEach(m -> sb.append("  extra on switch: ").append(m.toOfctl()).append('\n'));
        } catch (Exception ex) {
            sb.append("-- cannot read the switch's meters: ").append(ex).append('\n');
        }
        return sb.toString();
    }
}
