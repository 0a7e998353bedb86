package dev.muon.simulator.ovsdb;

import com.google.common.collect.ImmutableSortedSet;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * ovs-vswitchd's part in the database, a moment after each commit (as a second transaction,
 * hence a second monitor update, as the real one does): gives each interface of each bridge
 * an OpenFlow port number (65534 for the bridge's own internal interface, an honoured
 * ofport_request, else the next free number from 1, not reusing a freed one until the
 * numbers wrap) or -1 and an error when it could not be created, fills mac_in_use,
 * link_state and admin_state, sets Bridge.datapath_id (from other_config:datapath-id, else
 * from the bridge's MAC) and Open_vSwitch.cur_cfg. Tells {@link Datapaths} what the
 * OpenFlow side should show.
 *
 * <p>Only the bridges a commit touched (their row, their ports or interfaces) are looked at
 * again, so that a node with a thousand tunnel ports does not rescan them all per commit.
 */
public final class VswitchdEmulation {

    static final int OFPP_LOCAL = 65534;
    /** OFPP_MAX: the highest number of a physical port. */
    static final int OFPP_MAX = 0xff00;
    private static final Set<String> TUNNELS = Set.of("vxlan", "geneve", "gre", "stt", "lisp", "erspan",
            "ip6erspan", "ip6gre", "gtpu", "bareudp");

    private final Database db;
    private final EventExecutor loop;
    private final Datapaths datapaths;
    private final Set<String> nics;
    private final TableSchema ovsTable;
    private final TableSchema bridgeTable;
    private final TableSchema portTable;
    private final TableSchema ifaceTable;
    private final TableSchema controllerTable;

    private final Map<UUID, BridgeState> bridges = new HashMap<>();
    private final Map<UUID, UUID> portOwner = new HashMap<>();
    private final Map<UUID, UUID> ifaceOwner = new HashMap<>();
    private final Set<UUID> dirty = new HashSet<>();
    /** Ports and interfaces written since the last pass: only these (and new ones) are looked at again. */
    private final Set<UUID> dirtyPorts = new HashSet<>();
    private final Set<UUID> dirtyInterfaces = new HashSet<>();
    private boolean everything = true;
    private boolean scheduled;
    private boolean ownCommit;

    /** One bridge's datapath as vswitchd has it. */
    private static final class BridgeState {
        String name;
        long datapathId;
        String target;
        boolean up;
        final Map<UUID, Integer> ofports = new HashMap<>();
        /** Bridge.ports as last seen (an immutable value: unchanged means the same object). */
        Object ports;
        /** Port.interfaces of each port of the bridge, as last seen. */
        final Map<UUID, Collection<?>> portInterfaces = new HashMap<>();
        final BitSet used = new BitSet();
        int next = 1;

        int allocate(Integer requested) {
            if (requested != null && requested >= 1 && requested < OFPP_MAX && !used.get(requested)) {
                used.set(requested);
                return requested;
            }
            for (int tries = 0; tries < OFPP_MAX; tries++) {
                int n = next;
                next = next + 1 >= OFPP_MAX ? 1 : next + 1;
                if (!used.get(n)) {
                    used.set(n);
                    return n;
                }
            }
            return -1;
        }

        void free(int ofport) {
            if (ofport > 0 && ofport < OFPP_MAX) {
                used.clear(ofport);
            }
        }
    }

    /**
     * @param nics the names of the node's "physical" devices: an interface of type "" or
     *             "system" can be added only when it names one of them, as on a real host
     */
    public VswitchdEmulation(Database db, EventExecutor loop, Datapaths datapaths, Set<String> nics) {
        this.db = db;
        this.loop = loop;
        this.datapaths = datapaths;
        this.nics = Set.copyOf(nics);
        DatabaseSchema s = db.schema();
        this.ovsTable = s.table("Open_vSwitch");
        this.bridgeTable = s.table("Bridge");
        this.portTable = s.table("Port");
        this.ifaceTable = s.table("Interface");
        this.controllerTable = s.table("Controller");
        db.listen(this::committed);
    }

    private void committed(List<RowChange> changes) {
        if (ownCommit) {
            return;
        }
        for (RowChange c : changes) {
            UUID uuid = (c.current() != null ? c.current() : c.old()).uuid();
            TableSchema t = c.table();
            if (t == bridgeTable) {
                dirty.add(uuid);
            } else if (t == portTable) {
                dirtyPorts.add(uuid);
                markOwner(portOwner.get(uuid));
            } else if (t == ifaceTable) {
                dirtyInterfaces.add(uuid);
                markOwner(ifaceOwner.get(uuid));
            } else if (t == ovsTable || t == controllerTable) {
                everything = true;
            }
        }
        if (!scheduled && (everything || !dirty.isEmpty())) {
            scheduled = true;
            loop.execute(this::run);
        }
    }

    private void markOwner(UUID bridge) {
        if (bridge != null) {
            dirty.add(bridge);
        }
    }

    /** Does now what is pending (a node's plug() wants its ofport at once). */
    public void run() {
        scheduled = false;
        Transaction txn = db.begin();
        Row root = root();
        Set<UUID> attached = new HashSet<>();
        if (root != null) {
            Object next = root.get(ovsTable.column("next_cfg"));
            if (!next.equals(root.get(ovsTable.column("cur_cfg")))) {
                txn.update(ovsTable, root.with(ovsTable.column("cur_cfg"), next));
            }
            for (Object b : (Collection<?>) root.get(ovsTable.column("bridges"))) {
                attached.add((UUID) b);
            }
        }
        Set<UUID> todo = new HashSet<>(everything ? attached : dirty);
        if (everything) {
            todo.addAll(bridges.keySet());
        }
        boolean all = everything;
        everything = false;
        dirty.clear();
        for (UUID bridge : todo) {
            Row row = attached.contains(bridge) ? db.table(bridgeTable).get(bridge) : null;
            if (row == null) {
                removeBridge(bridge);
            } else {
                reconcile(txn, row, all);
            }
        }
        dirtyPorts.clear();
        dirtyInterfaces.clear();
        ownCommit = true;
        try {
            txn.commit();
        } finally {
            ownCommit = false;
        }
    }

    private Row root() {
        Collection<Row> rows = db.table(ovsTable).rows();
        return rows.isEmpty() ? null : rows.iterator().next();
    }

    private void removeBridge(UUID uuid) {
        BridgeState state = bridges.remove(uuid);
        if (state == null) {
            return;
        }
        state.portInterfaces.keySet().forEach(portOwner::remove);
        state.ofports.keySet().forEach(ifaceOwner::remove);
        if (state.up) {
            datapaths.bridgeDown(state.name);
        }
    }

    private void reconcile(Transaction txn, Row bridge, boolean all) {
        UUID uuid = bridge.uuid();
        String name = (String) bridge.get(bridgeTable.column("name"));
        BridgeState state = bridges.computeIfAbsent(uuid, u -> new BridgeState());
        state.name = name;

        // the datapath's identity and controller: a change restarts its OpenFlow side
        long datapathId = datapathId(bridge, name);
        String target = controllerTarget(bridge);
        Object dpid = ImmutableSortedSet.of(String.format("%016x", datapathId));
        if (!dpid.equals(bridge.get(bridgeTable.column("datapath_id")))) {
            txn.update(bridgeTable, bridge.with(bridgeTable.column("datapath_id"), dpid));
        }
        boolean restart = !state.up || state.datapathId != datapathId || !java.util.Objects.equals(state.target, target);
        if (restart) {
            if (state.up) {
                datapaths.bridgeDown(name);
            }
            datapaths.bridgeUp(name, datapathId, target);
            state.up = true;
            state.datapathId = datapathId;
            state.target = target;
        }
        boolean full = all || restart;

        // ports gained and lost since the last pass
        ColumnSchema portsColumn = bridgeTable.column("ports");
        Object ports = bridge.get(portsColumn);
        Set<UUID> check = new java.util.LinkedHashSet<>();
        if (full) {
            ((Collection<?>) ports).forEach(p -> check.add((UUID) p));
            for (UUID known : new ArrayList<>(state.portInterfaces.keySet())) {
                if (!check.contains(known)) {
                    removePort(state, known);
                }
            }
        } else if (ports != state.ports) {
            Datum.referenceChange(state.ports, ports, portsColumn.type()).forEach((port, n) -> {
                if (n > 0) {
                    check.add(port);
                } else {
                    removePort(state, port);
                }
            });
        }
        state.ports = ports;
        for (UUID port : dirtyPorts) {
            if (uuid.equals(portOwner.get(port))) {
                check.add(port);
            }
        }

        for (UUID p : check) {
            Row port = db.table(portTable).get(p);
            if (port == null) {
                continue;
            }
            portOwner.put(p, uuid);
            Collection<?> ifaces = (Collection<?>) port.get(portTable.column("interfaces"));
            Collection<?> before = state.portInterfaces.put(p, ifaces);
            if (before != null) {
                before.stream().filter(i -> !ifaces.contains(i)).forEach(i -> releaseInterface(state, (UUID) i));
            }
            for (Object i : ifaces) {
                Row iface = db.table(ifaceTable).get((UUID) i);
                if (iface != null) {
                    ifaceOwner.put(iface.uuid(), uuid);
                    if (full || !state.ofports.containsKey(iface.uuid()) || dirtyInterfaces.contains(iface.uuid())) {
                        interfaceUp(txn, state, name, iface, restart);
                    }
                }
            }
        }
        // interfaces rewritten in place (options, type, a request): looked at again
        for (UUID i : dirtyInterfaces) {
            Row iface = db.table(ifaceTable).get(i);
            if (iface != null && uuid.equals(ifaceOwner.get(i))) {
                interfaceUp(txn, state, name, iface, false);
            }
        }
    }

    private void removePort(BridgeState state, UUID port) {
        portOwner.remove(port);
        Collection<?> ifaces = state.portInterfaces.remove(port);
        if (ifaces != null) {
            ifaces.forEach(i -> releaseInterface(state, (UUID) i));
        }
    }

    /** The interface left the bridge: its number is free (not reused at once: see BridgeState.allocate). */
    private void releaseInterface(BridgeState state, UUID iface) {
        ifaceOwner.remove(iface);
        Integer ofport = state.ofports.remove(iface);
        if (ofport != null) {
            state.free(ofport);
            datapaths.portRemoved(state.name, ofport);
        }
    }

    private void interfaceUp(Transaction txn, BridgeState state, String bridge, Row iface, boolean announceAgain) {
        String name = (String) iface.get(ifaceTable.column("name"));
        Integer ofport = state.ofports.get(iface.uuid());
        String error = null;
        if (ofport == null) {
            error = cannotCreate(iface, name, bridge);
            if (error == null) {
                boolean local = name.equals(bridge) && "internal".equals(iface.get(ifaceTable.column("type")));
                ofport = local ? OFPP_LOCAL : state.allocate(requested(iface));
                state.ofports.put(iface.uuid(), ofport);
                datapaths.portAdded(bridge, ofport, name, mac(iface.uuid()));
            } else {
                ofport = -1;
            }
        } else if (announceAgain) {
            datapaths.portAdded(bridge, ofport, name, mac(iface.uuid()));
        }
        Row updated = iface
                .with(ifaceTable.column("ofport"), ImmutableSortedSet.of((long) ofport))
                .with(ifaceTable.column("error"), error == null ? ImmutableSortedSet.of() : ImmutableSortedSet.of(error));
        if (error == null) {
            updated = updated
                    .with(ifaceTable.column("mac_in_use"), ImmutableSortedSet.of(mac(iface.uuid())))
                    .with(ifaceTable.column("link_state"), ImmutableSortedSet.of("up"))
                    .with(ifaceTable.column("admin_state"), ImmutableSortedSet.of("up"));
        }
        if (!sameValues(iface, updated)) {
            txn.update(ifaceTable, updated);
        }
    }

    private boolean sameValues(Row a, Row b) {
        for (String c : List.of("ofport", "error", "mac_in_use", "link_state", "admin_state")) {
            ColumnSchema column = ifaceTable.column(c);
            if (!a.get(column).equals(b.get(column))) {
                return false;
            }
        }
        return true;
    }

    /** Why ovs-vswitchd could not add the interface, or null when it can. */
    private String cannotCreate(Row iface, String name, String bridge) {
        String type = (String) iface.get(ifaceTable.column("type"));
        Map<?, ?> options = (Map<?, ?>) iface.get(ifaceTable.column("options"));
        switch (type) {
            case "internal", "tap", "dummy", "dummy-internal":
                return null;
            case "patch":
                Object peer = options.get("peer");
                return peer == null || peer.equals(name)
                        ? name + ": patch type requires valid 'peer' argument" : null;
            case "", "system":
                return nics.contains(name) ? null : "could not open network device " + name + " (No such device)";
            default:
                if (TUNNELS.contains(type)) {
                    return options.containsKey("remote_ip") ? null : name + ": " + type + " type requires 'remote_ip' argument";
                }
                return "could not open network device " + name + " (Address family not supported by protocol)";
        }
    }

    private Integer requested(Row iface) {
        Collection<?> request = (Collection<?>) iface.get(ifaceTable.column("ofport_request"));
        return request.isEmpty() ? null : ((Long) request.iterator().next()).intValue();
    }

    private long datapathId(Row bridge, String name) {
        Object configured = ((Map<?, ?>) bridge.get(bridgeTable.column("other_config"))).get("datapath-id");
        if (configured instanceof String hex) {
            String digits = hex.startsWith("0x") ? hex.substring(2) : hex;
            if (digits.matches("[0-9a-fA-F]{16}")) {
                return Long.parseUnsignedLong(digits, 16);
            }
        }
        // as OVS: the bridge's MAC address, which here derives from its uuid
        return Long.parseUnsignedLong(mac(bridge.uuid()).replace(":", ""), 16);
    }

    private String controllerTarget(Row bridge) {
        for (Object c : (Collection<?>) bridge.get(bridgeTable.column("controller"))) {
            Row controller = db.table(controllerTable).get((UUID) c);
            if (controller != null) {
                return (String) controller.get(controllerTable.column("target"));
            }
        }
        return null;
    }

    /** A stable, locally administered unicast MAC for a row. */
    static String mac(UUID uuid) {
        long bits = uuid.getLeastSignificantBits() ^ uuid.getMostSignificantBits();
        char[] out = new char[17];
        for (int i = 0; i < 6; i++) {
            int octet = (int) (bits >>> (8 * i)) & 0xff;
            if (i == 0) {
                octet = (octet & 0xfc) | 0x02;
            }
            out[3 * i] = Character.forDigit(octet >> 4, 16);
            out[3 * i + 1] = Character.forDigit(octet & 0xf, 16);
            if (i < 5) {
                out[3 * i + 2] = ':';
            }
        }
        return new String(out);
    }

    /** The ofport vswitchd gave the interface (-1: it could not), or null while it has none. */
    public Integer ofport(String interfaceName) {
        UUID uuid = db.table(ifaceTable).indexed(0, interfaceName);
        Row iface = uuid == null ? null : db.table(ifaceTable).get(uuid);
        Collection<?> ofport = iface == null ? List.of() : (Collection<?>) iface.get(ifaceTable.column("ofport"));
        return ofport.isEmpty() ? null : ((Long) ofport.iterator().next()).intValue();
    }
}
