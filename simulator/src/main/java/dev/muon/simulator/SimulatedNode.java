package dev.muon.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.simulator.openflow.SimulatedSwitch;
import dev.muon.simulator.ovsdb.Database;
import dev.muon.simulator.ovsdb.Datapaths;
import dev.muon.simulator.ovsdb.ManagerConnection;
import dev.muon.simulator.ovsdb.VswitchdEmulation;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One simulated Open vSwitch node: its Open_vSwitch database (ovsdb-server's part), set
 * up as an operator sets up a node for Muon and connected to the manager as
 * {@code ovs-vsctl set-manager tcp:IP:PORT} makes ovsdb-server do; ovs-vswitchd's part
 * (port numbers, datapath ids); and, unless told not to, a {@link SimulatedSwitch} per
 * bridge with a controller. Everything of a node runs on one event loop of a shared group;
 * the methods here may be called from any other thread.
 */
public final class SimulatedNode implements AutoCloseable {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long WAIT_SECONDS = 30;

    private final NodeConfig config;
    private final EventLoop loop;
    private final Database db;
    private final Switches switches;
    private final VswitchdEmulation vswitchd;
    private final ManagerConnection manager;

    private SimulatedNode(NodeConfig config, EventLoop loop, InetSocketAddress managerAddress, boolean openflow) {
        this.config = config;
        this.loop = loop;
        this.db = Database.openVswitch();
        this.switches = openflow ? new Switches(loop) : null;
        this.vswitchd = new VswitchdEmulation(db, loop, openflow ? switches : Datapaths.NONE, config.nics());
        this.manager = new ManagerConnection(loop, managerAddress, db);
    }

    /**
     * Sets up the node's database and starts dialing the manager.
     *
     * @param openflow false for a node whose bridges have no OpenFlow side at all (OVSDB only)
     */
    public static SimulatedNode start(EventLoopGroup group, NodeConfig config, InetSocketAddress manager,
                                      boolean openflow) {
        EventLoop loop = group.next();
        SimulatedNode node = new SimulatedNode(config, loop, manager, openflow);
        node.call(() -> {
            node.initialize(manager);
            return null;
        });
        return node;
    }

    /** As ovs-vsctl init, set-manager and set Open_vSwitch . external_ids:... would leave it. */
    private void initialize(InetSocketAddress managerAddress) {
        ObjectNode row = JSON.objectNode();
        row.set("external_ids", map(config.externalIds()));
        row.set("manager_options", JSON.arrayNode().add("named-uuid").add("manager"));
        row.put("next_cfg", 0);
        // what ovs-vswitchd reports about itself when it starts
        row.put("db_version", "8.3.1");
        row.set("datapath_types", set("netdev", "system"));
        row.set("iface_types", set("erspan", "geneve", "gre", "internal", "ip6erspan", "ip6gre", "lisp", "patch",
                "stt", "system", "tap", "vxlan"));
        ObjectNode managerRow = JSON.objectNode();
        managerRow.put("target", "tcp:" + managerAddress.getHostString() + ":" + managerAddress.getPort());
        ArrayNode ops = JSON.arrayNode();
        ops.add(insert("Manager", "manager", managerRow));
        ops.add(insert("Open_vSwitch", null, row));
        check(transactNow(ops));
        vswitchd.run();
        manager.connect();
    }

    public NodeConfig config() {
        return config;
    }

    public String hostname() {
        return config.hostname();
    }

    public boolean isManagerConnected() {
        return manager.isConnected();
    }

    /** The node's switches by bridge name (none when started without OpenFlow). */
    public Map<String, SimulatedSwitch> switches() {
        return switches == null ? Map.of() : switches.byBridge();
    }

    /**
     * Runs a transaction as a local client (ovs-vsctl, ovsdb-client) would: the operations
     * of RFC 7047 transact, without the database name. Returns the result array, errors
     * included, exactly as the manager would see it.
     */
    public JsonNode transact(ArrayNode operations) {
        return call(() -> {
            JsonNode result = transactNow(operations);
            vswitchd.run();
            return result;
        });
    }

    /**
     * Plugs a VIF as Nova/os-vif does ({@code ovs-vsctl add-port br-int DEV -- set Interface DEV
     * type=internal external_ids:iface-id=... attached-mac=... iface-status=active}), and
     * returns the ofport ovs-vswitchd gave it.
     */
    public int plug(String dev, String ifaceId, String mac) {
        return call(() -> {
            ObjectNode iface = JSON.objectNode();
            iface.put("name", dev);
            iface.put("type", "internal");
            iface.set("external_ids", map(Map.of("iface-id", ifaceId, "attached-mac", mac, "iface-status", "active")));
            ObjectNode port = JSON.objectNode();
            port.put("name", dev);
            port.set("interfaces", JSON.arrayNode().add("named-uuid").add("iface"));
            ArrayNode ops = JSON.arrayNode();
            ops.add(insert("Interface", "iface", iface));
            ops.add(insert("Port", "port", port));
            ObjectNode addToBridge = op("mutate", "Bridge");
            addToBridge.set("where", JSON.arrayNode().add(JSON.arrayNode().add("name").add("==").add("br-int")));
            addToBridge.set("mutations", JSON.arrayNode().add(JSON.arrayNode().add("ports").add("insert")
                    .add(set(JSON.arrayNode().add("named-uuid").add("port")))));
            ops.add(addToBridge);
            ops.add(nextCfg());
            JsonNode result = check(transactNow(ops));
            if (result.get(2).path("count").asInt() != 1) {
                throw new IllegalStateException(hostname() + ": no bridge named br-int");
            }
            vswitchd.run();
            Integer ofport = vswitchd.ofport(dev);
            if (ofport == null || ofport < 0) {
                throw new IllegalStateException(hostname() + ": ovs-vswitchd could not add " + dev);
            }
            return ofport;
        });
    }

    /** Unplugs a VIF ({@code ovs-vsctl del-port DEV}): its Port and Interface rows are collected. */
    public void unplug(String dev) {
        call(() -> {
            ObjectNode find = op("select", "Port");
            find.set("where", JSON.arrayNode().add(JSON.arrayNode().add("name").add("==").add(dev)));
            find.set("columns", JSON.arrayNode().add("_uuid"));
            JsonNode rows = check(transactNow(JSON.arrayNode().add(find))).get(0).get("rows");
            if (rows.isEmpty()) {
                throw new IllegalStateException(hostname() + ": no port named " + dev);
            }
            JsonNode uuid = rows.get(0).get("_uuid");
            ObjectNode remove = op("mutate", "Bridge");
            remove.set("where", JSON.arrayNode().add(JSON.arrayNode().add("ports").add("includes").add(uuid)));
            remove.set("mutations", JSON.arrayNode().add(JSON.arrayNode().add("ports").add("delete").add(uuid)));
            check(transactNow(JSON.arrayNode().add(remove).add(nextCfg())));
            vswitchd.run();
            return null;
        });
    }

    /** The ofport of an interface (-1 when ovs-vswitchd could not add it), or null. */
    public Integer ofport(String iface) {
        return call(() -> vswitchd.ofport(iface));
    }

    @Override
    public void close() {
        manager.close();
        if (switches != null && !loop.isShuttingDown()) {
            call(() -> {
                switches.close();
                return null;
            });
        }
    }

    // --- helpers ---

    private JsonNode transactNow(ArrayNode operations) {
        ArrayNode params = JSON.arrayNode().add("Open_vSwitch");
        params.addAll(operations);
        return db.transact(params);
    }

    /** The result, or an exception naming the first error in it. */
    private JsonNode check(JsonNode result) {
        for (JsonNode r : result) {
            if (r.hasNonNull("error")) {
                throw new IllegalStateException(hostname() + ": transaction failed: " + r);
            }
        }
        return result;
    }

    private <T> T call(Supplier<T> task) {
        if (loop.inEventLoop()) {
            return task.get();
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                done.complete(task.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            return done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(hostname() + ": its event loop did not answer", e);
        }
    }

    private static ObjectNode op(String op, String table) {
        ObjectNode json = JSON.objectNode();
        json.put("op", op);
        json.put("table", table);
        return json;
    }

    private static ObjectNode insert(String table, String uuidName, ObjectNode row) {
        ObjectNode json = op("insert", table);
        if (uuidName != null) {
            json.put("uuid-name", uuidName);
        }
        json.set("row", row);
        return json;
    }

    private static ObjectNode nextCfg() {
        ObjectNode json = op("mutate", "Open_vSwitch");
        json.set("where", JSON.arrayNode());
        json.set("mutations", JSON.arrayNode().add(JSON.arrayNode().add("next_cfg").add("+=").add(1)));
        return json;
    }

    private static JsonNode map(Map<String, String> entries) {
        ArrayNode pairs = JSON.arrayNode();
        new java.util.TreeMap<>(entries).forEach((k, v) -> pairs.add(JSON.arrayNode().add(k).add(v)));
        return JSON.arrayNode().add("map").add(pairs);
    }

    private static JsonNode set(String... atoms) {
        ArrayNode elements = JSON.arrayNode();
        for (String a : atoms) {
            elements.add(a);
        }
        return JSON.arrayNode().add("set").add(elements);
    }

    private static JsonNode set(JsonNode... atoms) {
        ArrayNode elements = JSON.arrayNode();
        for (JsonNode a : atoms) {
            elements.add(a);
        }
        return JSON.arrayNode().add("set").add(elements);
    }
}
