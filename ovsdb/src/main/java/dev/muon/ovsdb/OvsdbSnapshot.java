package dev.muon.ovsdb;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable copy of the monitored rows of one node's database, keyed by row UUID.
 * Both the {@code NodeState} handed to the controller and the transactions that make the
 * node match a desired state are computed from it.
 *
 * <p>Lookups by name ({@link #bridge}, {@link #port}) go through an index of the attached
 * bridges and their ports, built on the first lookup and kept with the snapshot: a diff
 * looks up every VIF of the desired state, so a scan per lookup would make it quadratic.
 * A snapshot is made per monitor update but diffed only per pass, hence built lazily.
 */
final class OvsdbSnapshot {

    static final OvsdbSnapshot EMPTY = new OvsdbSnapshot(null, Map.of(), Map.of(), Map.of(), Map.of());

    private final OpenVswitchRow root;
    private final Map<String, BridgeRow> bridges;
    private final Map<String, PortRow> ports;
    private final Map<String, InterfaceRow> interfaces;
    private final Map<String, ControllerRow> controllers;
    /** Built on first use; a benign race may build it twice, the same both times. */
    private volatile Names names;

    /** The attached bridges and their ports by name; the first of a name wins, as a scan would find. */
    private record Names(Map<String, BridgeRow> bridges, Map<String, PortRow> ports) {
    }

    OvsdbSnapshot(OpenVswitchRow root, Map<String, BridgeRow> bridges, Map<String, PortRow> ports,
                  Map<String, InterfaceRow> interfaces, Map<String, ControllerRow> controllers) {
        this.root = root;
        this.bridges = Map.copyOf(bridges);
        this.ports = Map.copyOf(ports);
        this.interfaces = Map.copyOf(interfaces);
        this.controllers = Map.copyOf(controllers);
    }

    /** The single row of table Open_vSwitch; null until the monitor reported it. */
    OpenVswitchRow root() {
        return root;
    }

    Map<String, BridgeRow> bridges() {
        return bridges;
    }

    Map<String, PortRow> ports() {
        return ports;
    }

    Map<String, InterfaceRow> interfaces() {
        return interfaces;
    }

    Map<String, ControllerRow> controllers() {
        return controllers;
    }

    /** The row of table Open_vSwitch. */
    record OpenVswitchRow(String uuid, Set<String> bridges, Map<String, String> externalIds) {
        OpenVswitchRow {
            bridges = Set.copyOf(bridges);
            externalIds = Map.copyOf(externalIds);
        }
    }

    /** @param failMode null when unset */
    record BridgeRow(String uuid, String name, Set<String> ports, String datapathType, String failMode,
                     Set<String> protocols, Set<String> controllers, Map<String, String> otherConfig,
                     Map<String, String> externalIds) {
        BridgeRow {
            ports = Set.copyOf(ports);
            protocols = Set.copyOf(protocols);
            controllers = Set.copyOf(controllers);
            otherConfig = Map.copyOf(otherConfig);
            externalIds = Map.copyOf(externalIds);
        }
    }

    /** @param tag null when the port is a trunk (no access VLAN) */
    record PortRow(String uuid, String name, Set<String> interfaces, Integer tag, Map<String, String> externalIds) {
        PortRow {
            interfaces = Set.copyOf(interfaces);
            externalIds = Map.copyOf(externalIds);
        }

        boolean muonOwned() {
            return "true".equals(externalIds.get(OvsdbTables.MUON_OWNED));
        }
    }

    /** @param ofport null while unassigned; -1 (failed) is kept as OVSDB says it */
    record InterfaceRow(String uuid, String name, String type, Integer ofport, Map<String, String> options,
                        Map<String, String> externalIds) {
        InterfaceRow {
            options = Map.copyOf(options);
            externalIds = Map.copyOf(externalIds);
        }
    }

    record ControllerRow(String uuid, String target) {
    }

    /** Bridges reachable from the Open_vSwitch row; rows not in it are garbage to OVS. */
    List<BridgeRow> attachedBridges() {
        if (root == null) {
            return List.of();
        }
        return root.bridges().stream().map(bridges::get).filter(b -> b != null).toList();
    }

    /** An attached bridge, by name. */
    Optional<BridgeRow> bridge(String name) {
        return Optional.ofNullable(names().bridges().get(name));
    }

    List<PortRow> portsOf(BridgeRow bridge) {
        return bridge.ports().stream().map(ports::get).filter(p -> p != null).toList();
    }

    List<InterfaceRow> interfacesOf(PortRow port) {
        return port.interfaces().stream().map(interfaces::get).filter(i -> i != null).toList();
    }

    /** A port on any attached bridge, by name (port names are unique in OVSDB). */
    Optional<PortRow> port(String name) {
        return Optional.ofNullable(names().ports().get(name));
    }

    private Names names() {
        Names index = names;
        if (index == null) {
            Map<String, BridgeRow> bridgesByName = new HashMap<>();
            Map<String, PortRow> portsByName = new HashMap<>();
            for (BridgeRow bridge : attachedBridges()) {
                bridgesByName.putIfAbsent(bridge.name(), bridge);
                for (PortRow port : portsOf(bridge)) {
                    portsByName.putIfAbsent(port.name(), port);
                }
            }
            names = index = new Names(bridgesByName, portsByName);
        }
        return index;
    }

    /** The interface a Muon port is made of: the one named like the port, else the first. */
    Optional<InterfaceRow> mainInterface(PortRow port) {
        List<InterfaceRow> all = interfacesOf(port);
        return all.stream().filter(i -> i.name().equals(port.name())).findFirst()
                .or(() -> all.stream().findFirst());
    }
}
