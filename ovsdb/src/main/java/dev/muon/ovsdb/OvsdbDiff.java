package dev.muon.ovsdb;

import static dev.muon.ovsdb.OvsdbTables.BRIDGE;
import static dev.muon.ovsdb.OvsdbTables.BRIDGES;
import static dev.muon.ovsdb.OvsdbTables.CONTROLLER;
import static dev.muon.ovsdb.OvsdbTables.CONTROLLER_COLUMN;
import static dev.muon.ovsdb.OvsdbTables.DATAPATH_TYPE;
import static dev.muon.ovsdb.OvsdbTables.EXTERNAL_IDS;
import static dev.muon.ovsdb.OvsdbTables.FAIL_MODE;
import static dev.muon.ovsdb.OvsdbTables.INTERFACE;
import static dev.muon.ovsdb.OvsdbTables.INTERFACES;
import static dev.muon.ovsdb.OvsdbTables.MUON_EPHEMERAL;
import static dev.muon.ovsdb.OvsdbTables.MUON_OWNED;
import static dev.muon.ovsdb.OvsdbTables.NAME;
import static dev.muon.ovsdb.OvsdbTables.OPEN_VSWITCH;
import static dev.muon.ovsdb.OvsdbTables.OPTIONS;
import static dev.muon.ovsdb.OvsdbTables.OTHER_CONFIG;
import static dev.muon.ovsdb.OvsdbTables.PORT;
import static dev.muon.ovsdb.OvsdbTables.PORTS;
import static dev.muon.ovsdb.OvsdbTables.PROTOCOLS;
import static dev.muon.ovsdb.OvsdbTables.TAG;
import static dev.muon.ovsdb.OvsdbTables.TARGET;
import static dev.muon.ovsdb.OvsdbTables.TYPE;
import static dev.muon.ovsdb.OvsdbTables.UUID;

import dev.muon.ovsdb.OvsdbSnapshot.BridgeRow;
import dev.muon.ovsdb.OvsdbSnapshot.InterfaceRow;
import dev.muon.ovsdb.OvsdbSnapshot.PortRow;
import dev.muon.pipeline.compile.BridgeSpec;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PortSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.onosproject.ovsdb.rfc.notation.Column;
import org.onosproject.ovsdb.rfc.notation.Condition;
import org.onosproject.ovsdb.rfc.notation.Mutation;
import org.onosproject.ovsdb.rfc.notation.OvsdbMap;
import org.onosproject.ovsdb.rfc.notation.OvsdbSet;
import org.onosproject.ovsdb.rfc.notation.Row;
import org.onosproject.ovsdb.rfc.notation.Uuid;
import org.onosproject.ovsdb.rfc.operations.Insert;
import org.onosproject.ovsdb.rfc.operations.Mutate;
import org.onosproject.ovsdb.rfc.operations.Operation;
import org.onosproject.ovsdb.rfc.operations.Update;
import org.onosproject.ovsdb.rfc.schema.DatabaseSchema;
import org.onosproject.ovsdb.rfc.schema.TableSchema;
import org.onosproject.ovsdb.rfc.utils.ConditionUtil;
import org.onosproject.ovsdb.rfc.utils.MutationUtil;

/**
 * The operations of one OVSDB transaction that make a node's bridges and ports match a
 * {@link DesiredState}, computed against the cached database. Only what differs is
 * written, and only what Muon owns is changed: bridges named in the desired state, ports
 * it names or marked {@code muon-owned}, and the tag of the VIF ports it names. Maps
 * shared with others (other_config, external_ids) are changed key by key with mutate, so
 * keys other tools set survive. An empty list means the node already matches. The only
 * bridges ever deleted are those marked {@code muon-ephemeral} (trunk bridges) that the
 * desired state no longer names and that hold nothing but Muon's ports.
 *
 * <p>New rows are inserted before anything refers to them by their uuid-name, and they
 * become reachable from the root set (Open_vSwitch.bridges) in the same transaction: OVSDB
 * would otherwise garbage-collect them. Ports removed from a bridge go the same way, so
 * deleting a port is a mutate of the bridge, not a delete.
 */
final class OvsdbDiff {

    static final String DATAPATH_ID = "datapath-id";
    private static final String TRUE = "true";

    private final OvsdbSnapshot db;
    private final DatabaseSchema schema;
    private final Map<String, Integer> vifTags;
    private final List<Operation> ops = new ArrayList<>();
    private int rowNames;

    private OvsdbDiff(OvsdbSnapshot db, DatabaseSchema schema, Map<String, Integer> vifTags) {
        this.db = db;
        this.schema = schema;
        this.vifTags = vifTags;
    }

    static List<Operation> operations(OvsdbSnapshot db, DesiredState desired, DatabaseSchema schema) {
        OvsdbDiff diff = new OvsdbDiff(db, schema, desired.vifTags());
        desired.bridges().forEach(diff::bridge);
        new TreeMap<>(desired.vifTags()).forEach(diff::vifTag);
        diff.removeEphemeralBridges(desired.bridges().stream().map(BridgeSpec::name).collect(Collectors.toSet()));
        return List.copyOf(diff.ops);
    }

    private void bridge(BridgeSpec spec) {
        Optional<BridgeRow> existing = db.bridge(spec.name());
        if (existing.isPresent()) {
            updateBridge(existing.get(), spec);
        } else {
            createBridge(spec);
        }
    }

    private void createBridge(BridgeSpec spec) {
        Set<Uuid> ports = new LinkedHashSet<>();
        // the bridge's own internal port is OVS's, not one of Muon's ports: never muon-owned
        ports.add(insertPort(new PortSpec(spec.name(), "internal", Map.of()), false));
        spec.ports().forEach(p -> ports.add(insertPort(p, true)));

        Row bridge = new Row();
        column(bridge, NAME, spec.name());
        column(bridge, PORTS, OvsdbSet.ovsdbSet(ports));
        column(bridge, EXTERNAL_IDS, OvsdbMap.ovsdbMap(bridgeMarks(spec)));
        column(bridge, PROTOCOLS, OvsdbSet.ovsdbSet(new LinkedHashSet<>(spec.protocols())));
        if (spec.datapathType() != null) {
            column(bridge, DATAPATH_TYPE, spec.datapathType());
        }
        if (spec.failMode() != null) {
            column(bridge, FAIL_MODE, spec.failMode());
        }
        if (spec.datapathId() != null) {
            column(bridge, OTHER_CONFIG, OvsdbMap.ovsdbMap(Map.of(DATAPATH_ID, spec.datapathId())));
        }
        if (!spec.controllerTargets().isEmpty()) {
            column(bridge, CONTROLLER_COLUMN, OvsdbSet.ovsdbSet(insertControllers(spec.controllerTargets())));
        }
        Uuid bridgeRef = insert(BRIDGE, bridge);
        List<Condition> root = db.root() == null ? List.of() : whereUuid(db.root().uuid());
        ops.add(new Mutate(table(OPEN_VSWITCH), root,
                List.of(MutationUtil.insert(BRIDGES, OvsdbSet.ovsdbSet(Set.of(bridgeRef))))));
    }

    private void updateBridge(BridgeRow bridge, BridgeSpec spec) {
        Row changes = new Row();
        if (spec.datapathType() != null && !spec.datapathType().equals(bridge.datapathType())) {
            column(changes, DATAPATH_TYPE, spec.datapathType());
        }
        if (spec.failMode() != null && !spec.failMode().equals(bridge.failMode())) {
            column(changes, FAIL_MODE, spec.failMode());
        }
        if (!Set.copyOf(spec.protocols()).equals(bridge.protocols())) {
            column(changes, PROTOCOLS, OvsdbSet.ovsdbSet(new LinkedHashSet<>(spec.protocols())));
        }
        if (!spec.controllerTargets().isEmpty() && !hasExactlyControllers(bridge, spec.controllerTargets())) {
            // the old Controller rows become unreferenced and OVSDB collects them
            column(changes, CONTROLLER_COLUMN, OvsdbSet.ovsdbSet(insertControllers(spec.controllerTargets())));
        }
        if (!changes.getColumns().isEmpty()) {
            ops.add(new Update(table(BRIDGE), changes, whereUuid(bridge.uuid())));
        }

        List<Mutation> mutations = new ArrayList<>();
        if (spec.datapathId() != null) {
            mutations.addAll(setKeys(OTHER_CONFIG, bridge.otherConfig(), Map.of(DATAPATH_ID, spec.datapathId())));
        }
        mutations.addAll(setKeys(EXTERNAL_IDS, bridge.externalIds(), bridgeMarks(spec)));
        mutations.addAll(portChanges(bridge, spec));
        if (!mutations.isEmpty()) {
            ops.add(new Mutate(table(BRIDGE), whereUuid(bridge.uuid()), mutations));
        }
    }

    /** One Controller row per target (every controller of a cluster), none else. */
    private boolean hasExactlyControllers(BridgeRow bridge, List<String> targets) {
        Set<String> present = new java.util.HashSet<>();
        for (String uuid : bridge.controllers()) {
            var controller = db.controllers().get(uuid);
            if (controller == null) {
                return false;
            }
            present.add(controller.target());
        }
        return bridge.controllers().size() == targets.size() && present.equals(Set.copyOf(targets));
    }

    private Set<Uuid> insertControllers(List<String> targets) {
        Set<Uuid> rows = new LinkedHashSet<>();
        targets.forEach(t -> rows.add(insertController(t)));
        return rows;
    }

    /** Creates missing ports, fixes existing ones, and unhooks Muon's ports the spec dropped. */
    private List<Mutation> portChanges(BridgeRow bridge, BridgeSpec spec) {
        Map<String, PortRow> present = db.portsOf(bridge).stream()
                .collect(Collectors.toMap(PortRow::name, p -> p, (a, b) -> a, LinkedHashMap::new));
        Set<String> wanted = spec.ports().stream().map(PortSpec::name).collect(Collectors.toSet());

        Set<Uuid> added = new LinkedHashSet<>();
        for (PortSpec port : spec.ports()) {
            PortRow row = present.get(port.name());
            if (row == null) {
                added.add(insertPort(port, true));
            } else {
                updatePort(row, port);
            }
        }
        Set<Uuid> removed = new LinkedHashSet<>();
        present.values().stream()
                .filter(p -> p.muonOwned() && !wanted.contains(p.name()))
                .forEach(p -> removed.add(Uuid.uuid(p.uuid())));

        List<Mutation> mutations = new ArrayList<>();
        if (!removed.isEmpty()) {
            mutations.add(MutationUtil.delete(PORTS, OvsdbSet.ovsdbSet(removed)));
        }
        if (!added.isEmpty()) {
            mutations.add(MutationUtil.insert(PORTS, OvsdbSet.ovsdbSet(added)));
        }
        return mutations;
    }

    private void updatePort(PortRow port, PortSpec spec) {
        Optional<InterfaceRow> iface = db.mainInterface(port);
        if (iface.isPresent()) {
            Row changes = new Row();
            if (!spec.type().equals(iface.get().type())) {
                column(changes, TYPE, spec.type());
            }
            // the interface is Muon's: its options are exactly the spec's
            if (!spec.options().equals(iface.get().options())) {
                column(changes, OPTIONS, OvsdbMap.ovsdbMap(new TreeMap<>(spec.options())));
            }
            if (!changes.getColumns().isEmpty()) {
                ops.add(new Update(table(INTERFACE), changes, whereUuid(iface.get().uuid())));
            }
            List<Mutation> ids = setKeys(EXTERNAL_IDS, iface.get().externalIds(), spec.externalIds());
            if (!ids.isEmpty()) {
                ops.add(new Mutate(table(INTERFACE), whereUuid(iface.get().uuid()), ids));
            }
        }
        if (spec.tag() != null && !spec.tag().equals(port.tag())) {
            Row changes = new Row();
            column(changes, TAG, spec.tag());
            ops.add(new Update(table(PORT), changes, whereUuid(port.uuid())));
        }
        // a port of this name made by someone else (say, a Neutron agent before Muon) is
        // Muon's now, so it can be removed once the spec drops it
        List<Mutation> claim = setKeys(EXTERNAL_IDS, port.externalIds(), Map.of(MUON_OWNED, TRUE));
        if (!claim.isEmpty()) {
            ops.add(new Mutate(table(PORT), whereUuid(port.uuid()), claim));
        }
    }

    private void vifTag(String portName, Integer tag) {
        db.port(portName)
                .filter(p -> !Objects.equals(p.tag(), tag))
                .ifPresent(p -> {
                    Row changes = new Row();
                    column(changes, TAG, tag);
                    ops.add(new Update(table(PORT), changes, whereUuid(p.uuid())));
                });
    }

    /** Mutations that make {@code wanted}'s keys hold its values, leaving other keys alone. */
    private static List<Mutation> setKeys(String column, Map<String, String> current, Map<String, String> wanted) {
        Map<String, String> differing = new TreeMap<>();
        wanted.forEach((k, v) -> {
            if (!v.equals(current.get(k))) {
                differing.put(k, v);
            }
        });
        if (differing.isEmpty()) {
            return List.of();
        }
        List<Mutation> mutations = new ArrayList<>();
        // map "insert" never overwrites an existing key, so a wrong value is deleted first
        Set<String> stale = differing.keySet().stream().filter(current::containsKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (!stale.isEmpty()) {
            mutations.add(MutationUtil.delete(column, OvsdbSet.ovsdbSet(stale)));
        }
        mutations.add(MutationUtil.insert(column, OvsdbMap.ovsdbMap(differing)));
        return mutations;
    }

    /**
     * Deletes the ephemeral bridges no longer wanted. One still holding a port that is not
     * Muon's (a VIF plugged since the desired state was computed) stays for the next pass.
     */
    private void removeEphemeralBridges(Set<String> wanted) {
        Set<Uuid> removed = new LinkedHashSet<>();
        for (BridgeRow bridge : db.attachedBridges()) {
            boolean onlyMuonPorts = db.portsOf(bridge).stream()
                    .allMatch(p -> p.muonOwned() || p.name().equals(bridge.name()));
            if (TRUE.equals(bridge.externalIds().get(MUON_EPHEMERAL)) && !wanted.contains(bridge.name())
                    && onlyMuonPorts) {
                removed.add(Uuid.uuid(bridge.uuid()));
            }
        }
        if (!removed.isEmpty()) {
            List<Condition> root = db.root() == null ? List.of() : whereUuid(db.root().uuid());
            // unreferenced, the bridge and its ports and interfaces are garbage-collected by OVSDB
            ops.add(new Mutate(table(OPEN_VSWITCH), root,
                    List.of(MutationUtil.delete(BRIDGES, OvsdbSet.ovsdbSet(removed)))));
        }
    }

    private static Map<String, String> bridgeMarks(BridgeSpec spec) {
        return spec.ephemeral() ? new TreeMap<>(Map.of(MUON_OWNED, TRUE, MUON_EPHEMERAL, TRUE))
                : Map.of(MUON_OWNED, TRUE);
    }

    /**
     * A port and its interface. A port the spec leaves untagged but that is a VIF of the desired
     * state (a trunk's patch port into br-int) is born with its VIF tag, never on all VLANs.
     */
    private Uuid insertPort(PortSpec spec, boolean muonOwned) {
        Row iface = new Row();
        column(iface, NAME, spec.name());
        column(iface, TYPE, spec.type());
        if (!spec.options().isEmpty()) {
            column(iface, OPTIONS, OvsdbMap.ovsdbMap(new TreeMap<>(spec.options())));
        }
        if (!spec.externalIds().isEmpty()) {
            column(iface, EXTERNAL_IDS, OvsdbMap.ovsdbMap(new TreeMap<>(spec.externalIds())));
        }
        Uuid ifaceRef = insert(INTERFACE, iface);

        Row port = new Row();
        column(port, NAME, spec.name());
        column(port, INTERFACES, OvsdbSet.ovsdbSet(Set.of(ifaceRef)));
        if (muonOwned) {
            column(port, EXTERNAL_IDS, OvsdbMap.ovsdbMap(Map.of(MUON_OWNED, TRUE)));
        }
        Integer tag = spec.tag() != null ? spec.tag() : vifTags.get(spec.name());
        if (tag != null) {
            column(port, TAG, tag);
        }
        return insert(PORT, port);
    }

    private Uuid insertController(String target) {
        Row controller = new Row();
        column(controller, TARGET, target);
        return insert(CONTROLLER, controller);
    }

    /** Adds an insert and returns the named-uuid later operations refer to it by. */
    private Uuid insert(String table, Row row) {
        // ONOS serializes a Uuid that is not a UUID literal as ["named-uuid", name]
        String name = table.toLowerCase(java.util.Locale.ROOT) + (++rowNames);
        ops.add(new Insert(table(table), name, row));
        return Uuid.uuid(name);
    }

    private static void column(Row row, String name, Object value) {
        row.addColumn(name, new Column(name, value));
    }

    private static List<Condition> whereUuid(String uuid) {
        return List.of(ConditionUtil.isEqual(UUID, Uuid.uuid(uuid)));
    }

    private TableSchema table(String name) {
        TableSchema ts = schema.getTableSchema(name);
        return ts != null ? ts : new TableSchema(name, Map.of());
    }
}
