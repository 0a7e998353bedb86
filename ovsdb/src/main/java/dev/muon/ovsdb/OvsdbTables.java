package dev.muon.ovsdb;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.onosproject.ovsdb.rfc.message.MonitorRequest;
import org.onosproject.ovsdb.rfc.message.MonitorSelect;
import org.onosproject.ovsdb.rfc.schema.DatabaseSchema;
import org.onosproject.ovsdb.rfc.schema.TableSchema;

/** The part of the Open_vSwitch schema Muon reads and writes, and the monitor that keeps it cached. */
final class OvsdbTables {
    private OvsdbTables() {
    }

    static final String DATABASE = "Open_vSwitch";

    static final String OPEN_VSWITCH = "Open_vSwitch";
    static final String BRIDGE = "Bridge";
    static final String PORT = "Port";
    static final String INTERFACE = "Interface";
    static final String CONTROLLER = "Controller";

    static final String UUID = "_uuid";
    static final String NAME = "name";
    static final String EXTERNAL_IDS = "external_ids";
    static final String BRIDGES = "bridges";
    static final String PORTS = "ports";
    static final String DATAPATH_TYPE = "datapath_type";
    static final String FAIL_MODE = "fail_mode";
    static final String PROTOCOLS = "protocols";
    static final String CONTROLLER_COLUMN = "controller";
    static final String OTHER_CONFIG = "other_config";
    static final String INTERFACES = "interfaces";
    static final String TAG = "tag";
    static final String TYPE = "type";
    static final String OFPORT = "ofport";
    static final String OPTIONS = "options";
    static final String TARGET = "target";

    /** Marks the bridges and ports Muon created; only those are Muon's to change or delete. */
    static final String MUON_OWNED = "muon-owned";
    /** Marks a bridge Muon deletes once no desired state names it (a trunk bridge). */
    static final String MUON_EPHEMERAL = "muon-ephemeral";

    static final Map<String, List<String>> MONITORED = monitored();

    private static Map<String, List<String>> monitored() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(OPEN_VSWITCH, List.of(BRIDGES, EXTERNAL_IDS));
        m.put(BRIDGE, List.of(NAME, PORTS, DATAPATH_TYPE, FAIL_MODE, PROTOCOLS, CONTROLLER_COLUMN,
                OTHER_CONFIG, EXTERNAL_IDS));
        m.put(PORT, List.of(NAME, INTERFACES, TAG, EXTERNAL_IDS));
        m.put(INTERFACE, List.of(NAME, TYPE, OFPORT, OPTIONS, EXTERNAL_IDS));
        m.put(CONTROLLER, List.of(TARGET));
        return java.util.Collections.unmodifiableMap(m);
    }

    /**
     * The monitor-requests of RFC 7047 section 4.1.5 for {@link #MONITORED}, limited to the
     * columns this server's schema has (an older OVS may lack one).
     */
    static Map<String, MonitorRequest> monitorRequests(DatabaseSchema schema) {
        Map<String, MonitorRequest> requests = new LinkedHashMap<>();
        MonitorSelect everything = new MonitorSelect(true, true, true, true);
        MONITORED.forEach((table, columns) -> {
            TableSchema ts = schema.getTableSchema(table);
            if (ts == null) {
                throw new OvsdbException("OVSDB schema has no table " + table);
            }
            Set<String> present = new LinkedHashSet<>();
            columns.stream().filter(ts::hasColumn).forEach(present::add);
            requests.put(table, new MonitorRequest(table, present, everything));
        });
        return requests;
    }
}
