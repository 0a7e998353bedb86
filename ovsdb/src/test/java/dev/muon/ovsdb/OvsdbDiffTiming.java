package dev.muon.ovsdb;

import dev.muon.ovsdb.OvsdbSnapshot.BridgeRow;
import dev.muon.ovsdb.OvsdbSnapshot.InterfaceRow;
import dev.muon.ovsdb.OvsdbSnapshot.OpenVswitchRow;
import dev.muon.ovsdb.OvsdbSnapshot.PortRow;
import dev.muon.pipeline.compile.BridgeSpec;
import dev.muon.pipeline.compile.DesiredState;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.onosproject.ovsdb.rfc.schema.DatabaseSchema;

/**
 * Not a test: a timing main for the OVSDB diff of one node (issue 12, "the OVSDB diff finds a VIF's
 * port by scanning every port of every bridge"). A node with br-int and br-tun as Muon made them and
 * N plugged VIFs on br-int, every one tagged as the desired state wants: prints the time of one
 * {@link OvsdbDiff#operations} (a pass that finds nothing to do, as most do).
 * Run: {@code java -cp <test classpath> dev.muon.ovsdb.OvsdbDiffTiming [N...]}.
 */
public final class OvsdbDiffTiming {
    private static final DatabaseSchema SCHEMA = new DatabaseSchema("Open_vSwitch", "8.3.1", Map.of());

    private OvsdbDiffTiming() {
    }

    public static void main(String[] args) {
        List<Integer> sizes = args.length == 0 ? List.of(1000, 2000, 6000)
                : java.util.Arrays.stream(args).map(Integer::parseInt).toList();
        for (int n : sizes) {
            BridgeSpec brInt = Specs.brInt();
            BridgeSpec brTun = Specs.brTun(true);
            OvsdbSnapshot db = node(n, brInt, brTun);
            Map<String, Integer> tags = new HashMap<>();
            for (int i = 0; i < n; i++) {
                tags.put(vif(i), 1 + i % 4000);
            }
            DesiredState desired = Specs.desired(tags, brInt, brTun);
            int ops = 0;
            for (int warm = 0; warm < 5; warm++) {
                ops = OvsdbDiff.operations(db, desired, SCHEMA).size();
            }
            int runs = 5;
            long t0 = System.nanoTime();
            for (int r = 0; r < runs; r++) {
                // a new snapshot each time, as each monitor update makes one
                OvsdbSnapshot fresh = new OvsdbSnapshot(db.root(), db.bridges(), db.ports(), db.interfaces(),
                        db.controllers());
                OvsdbDiff.operations(fresh, desired, SCHEMA);
            }
            double ms = (System.nanoTime() - t0) / 1e6 / runs;
            System.out.printf("OVSDB diff, %d VIFs on br-int, nothing to change (%d ops): %.1f ms%n", n, ops, ms);
        }
    }

    private static String vif(int i) {
        return "tap" + i;
    }

    /** br-int and br-tun as Muon made them, with n VIFs on br-int, built directly (linear). */
    private static OvsdbSnapshot node(int n, BridgeSpec brInt, BridgeSpec brTun) {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt).bridge(brTun);
        OvsdbSnapshot base = b.build();
        Map<String, BridgeRow> bridges = new HashMap<>(base.bridges());
        Map<String, PortRow> ports = new HashMap<>(base.ports());
        Map<String, InterfaceRow> interfaces = new HashMap<>(base.interfaces());
        BridgeRow integration = bridges.get(b.bridgeUuid("br-int"));
        Set<String> intPorts = new LinkedHashSet<>(integration.ports());
        for (int i = 0; i < n; i++) {
            String port = String.format("%08x-0000-4000-8000-%012x", 1_000_000 + i, i);
            String iface = String.format("%08x-0000-4000-8000-%012x", 2_000_000 + i, i);
            interfaces.put(iface, new InterfaceRow(iface, vif(i), "", 10 + i, Map.of(),
                    Map.of("iface-id", "port-" + i, "attached-mac", "fa:16:3e:00:00:01")));
            ports.put(port, new PortRow(port, vif(i), Set.of(iface), 1 + i % 4000, Map.of()));
            intPorts.add(port);
        }
        bridges.put(integration.uuid(), new BridgeRow(integration.uuid(), integration.name(), intPorts,
                integration.datapathType(), integration.failMode(), integration.protocols(),
                integration.controllers(), integration.otherConfig(), integration.externalIds()));
        return new OvsdbSnapshot(new OpenVswitchRow(SnapshotBuilder.ROOT, base.root().bridges(), Map.of()),
                bridges, ports, interfaces, base.controllers());
    }
}
