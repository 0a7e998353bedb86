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
import static dev.muon.ovsdb.OvsdbTables.NAME;
import static dev.muon.ovsdb.OvsdbTables.OFPORT;
import static dev.muon.ovsdb.OvsdbTables.OPEN_VSWITCH;
import static dev.muon.ovsdb.OvsdbTables.OPTIONS;
import static dev.muon.ovsdb.OvsdbTables.OTHER_CONFIG;
import static dev.muon.ovsdb.OvsdbTables.PORT;
import static dev.muon.ovsdb.OvsdbTables.PORTS;
import static dev.muon.ovsdb.OvsdbTables.PROTOCOLS;
import static dev.muon.ovsdb.OvsdbTables.TAG;
import static dev.muon.ovsdb.OvsdbTables.TARGET;
import static dev.muon.ovsdb.OvsdbTables.TYPE;
import static dev.muon.ovsdb.RowReader.optionalInt;
import static dev.muon.ovsdb.RowReader.optionalString;
import static dev.muon.ovsdb.RowReader.string;
import static dev.muon.ovsdb.RowReader.stringMap;
import static dev.muon.ovsdb.RowReader.stringSet;

import dev.muon.ovsdb.OvsdbSnapshot.BridgeRow;
import dev.muon.ovsdb.OvsdbSnapshot.ControllerRow;
import dev.muon.ovsdb.OvsdbSnapshot.InterfaceRow;
import dev.muon.ovsdb.OvsdbSnapshot.OpenVswitchRow;
import dev.muon.ovsdb.OvsdbSnapshot.PortRow;
import java.util.HashMap;
import java.util.Map;
import org.onosproject.ovsdb.rfc.message.RowUpdate;
import org.onosproject.ovsdb.rfc.message.TableUpdate;
import org.onosproject.ovsdb.rfc.message.TableUpdates;
import org.onosproject.ovsdb.rfc.notation.Row;

/**
 * The monitored tables of one node, kept current from the monitor's table-updates. With
 * monitor (RFC 7047 4.1.6) a "new" row carries every monitored column, so a row is simply
 * replaced by its new value, and removed when only "old" is present. Not thread-safe: the
 * connection updates and reads it on its event loop.
 */
final class TableCache {

    private OpenVswitchRow root;
    private final Map<String, BridgeRow> bridges = new HashMap<>();
    private final Map<String, PortRow> ports = new HashMap<>();
    private final Map<String, InterfaceRow> interfaces = new HashMap<>();
    private final Map<String, ControllerRow> controllers = new HashMap<>();

    void apply(TableUpdates updates) {
        updates.result().forEach((table, update) -> apply(table, update));
    }

    private void apply(String table, TableUpdate update) {
        for (RowUpdate row : update.rows().values()) {
            String uuid = row.uuid().value();
            Row r = row.newRow();
            switch (table) {
                case OPEN_VSWITCH -> root = r == null ? null
                        : new OpenVswitchRow(uuid, stringSet(r, BRIDGES), stringMap(r, EXTERNAL_IDS));
                case BRIDGE -> put(bridges, uuid, r == null ? null : new BridgeRow(uuid, string(r, NAME),
                        stringSet(r, PORTS), string(r, DATAPATH_TYPE), optionalString(r, FAIL_MODE),
                        stringSet(r, PROTOCOLS), stringSet(r, CONTROLLER_COLUMN), stringMap(r, OTHER_CONFIG),
                        stringMap(r, EXTERNAL_IDS)));
                case PORT -> put(ports, uuid, r == null ? null : new PortRow(uuid, string(r, NAME),
                        stringSet(r, INTERFACES), optionalInt(r, TAG), stringMap(r, EXTERNAL_IDS)));
                case INTERFACE -> put(interfaces, uuid, r == null ? null : new InterfaceRow(uuid, string(r, NAME),
                        string(r, TYPE), optionalInt(r, OFPORT), stringMap(r, OPTIONS), stringMap(r, EXTERNAL_IDS)));
                case CONTROLLER -> put(controllers, uuid, r == null ? null
                        : new ControllerRow(uuid, string(r, TARGET)));
                default -> {
                    // not monitored
                }
            }
        }
    }

    private static <T> void put(Map<String, T> rows, String uuid, T row) {
        if (row == null) {
            rows.remove(uuid);
        } else {
            rows.put(uuid, row);
        }
    }

    OvsdbSnapshot snapshot() {
        return new OvsdbSnapshot(root, bridges, ports, interfaces, controllers);
    }
}
