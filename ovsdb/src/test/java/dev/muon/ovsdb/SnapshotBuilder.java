package dev.muon.ovsdb;

import dev.muon.ovsdb.OvsdbSnapshot.BridgeRow;
import dev.muon.ovsdb.OvsdbSnapshot.ControllerRow;
import dev.muon.ovsdb.OvsdbSnapshot.InterfaceRow;
import dev.muon.ovsdb.OvsdbSnapshot.OpenVswitchRow;
import dev.muon.ovsdb.OvsdbSnapshot.PortRow;
import dev.muon.pipeline.compile.BridgeSpec;
import dev.muon.pipeline.compile.PortSpec;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Builds the cached database of a node by hand, as the monitor would have reported it. */
final class SnapshotBuilder {

    static final String ROOT = uuid(0);

    private int next = 1;
    private final Map<String, String> rootIds = new HashMap<>();
    private final Set<String> rootBridges = new LinkedHashSet<>();
    private final Map<String, BridgeRow> bridges = new HashMap<>();
    private final Map<String, PortRow> ports = new HashMap<>();
    private final Map<String, InterfaceRow> interfaces = new HashMap<>();
    private final Map<String, ControllerRow> controllers = new HashMap<>();

    static String uuid(int n) {
        return String.format("%08x-0000-4000-8000-000000000000", n);
    }

    SnapshotBuilder rootExternalIds(Map<String, String> ids) {
        rootIds.putAll(ids);
        return this;
    }

    /** A bridge exactly as Muon would have created it from {@code spec}. */
    SnapshotBuilder bridge(BridgeSpec spec) {
        String controller = uuid(next++);
        controllers.put(controller, new ControllerRow(controller, spec.controllerTarget()));
        return bridge(new BridgeRow(uuid(next++), spec.name(), Set.of(), spec.datapathType(), spec.failMode(),
                Set.copyOf(spec.protocols()), Set.of(controller), Map.of("datapath-id", spec.datapathId()),
                Map.of("muon-owned", "true")), spec);
    }

    /** A bridge row as given, with its internal port and the spec's ports (muon-owned). */
    SnapshotBuilder bridge(BridgeRow row, BridgeSpec spec) {
        bridges.put(row.uuid(), row);
        rootBridges.add(row.uuid());
        port(row.name(), row.name(), "internal", Map.of(), Map.of(), null);
        for (PortSpec p : spec.ports()) {
            port(row.name(), p.name(), p.type(), p.options(), Map.of("muon-owned", "true"), null);
        }
        return this;
    }

    SnapshotBuilder controller(String uuid, String target) {
        controllers.put(uuid, new ControllerRow(uuid, target));
        return this;
    }

    /** Adds a port with one interface of the same name to the named bridge; returns the port uuid. */
    String port(String bridge, String name, String type, Map<String, String> options,
                Map<String, String> portIds, Integer tag) {
        return port(bridge, name, type, options, portIds, Map.of(), tag, null);
    }

    String port(String bridge, String name, String type, Map<String, String> options, Map<String, String> portIds,
                Map<String, String> ifaceIds, Integer tag, Integer ofport) {
        String iface = uuid(next++);
        String port = uuid(next++);
        interfaces.put(iface, new InterfaceRow(iface, name, type, ofport, options, ifaceIds));
        ports.put(port, new PortRow(port, name, Set.of(iface), tag, portIds));
        BridgeRow b = bridges.values().stream().filter(r -> r.name().equals(bridge)).findFirst().orElseThrow();
        Set<String> bridgePorts = new LinkedHashSet<>(b.ports());
        bridgePorts.add(port);
        bridges.put(b.uuid(), new BridgeRow(b.uuid(), b.name(), bridgePorts, b.datapathType(), b.failMode(),
                b.protocols(), b.controllers(), b.otherConfig(), b.externalIds()));
        return port;
    }

    String bridgeUuid(String name) {
        return bridges.values().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().uuid();
    }

    String portUuid(String name) {
        return ports.values().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().uuid();
    }

    OvsdbSnapshot build() {
        return new OvsdbSnapshot(new OpenVswitchRow(ROOT, rootBridges, rootIds), bridges, ports, interfaces,
                controllers);
    }
}
