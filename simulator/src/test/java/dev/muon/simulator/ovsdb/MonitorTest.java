package dev.muon.simulator.ovsdb;

import static dev.muon.simulator.ovsdb.Json.addBridge;
import static dev.muon.simulator.ovsdb.Json.initialized;
import static dev.muon.simulator.ovsdb.Json.json;
import static dev.muon.simulator.ovsdb.Json.transact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorTest {

    private final Database db = initialized();
    private final Monitor monitor = Monitor.parse(db.schema(), json("'m'"), json("{"
            + "'Bridge':{'columns':['name','ports','external_ids']},"
            + "'Port':[{'columns':['name','tag']}],"
            + "'Interface':{'columns':['name','ofport'],'select':{'initial':true,'insert':true,'delete':true,'modify':false}}}"));
    private final List<ObjectNode> updates = new ArrayList<>();

    MonitorTest() {
        db.listen(changes -> {
            ObjectNode u = monitor.update(changes);
            if (u != null) {
                updates.add(u);
            }
        });
    }

    private static JsonNode onlyRow(JsonNode tableUpdate) {
        assertEquals(1, tableUpdate.size(), tableUpdate.toString());
        return tableUpdate.elements().next();
    }

    @Test
    void initialRowsCarryTheRequestedColumnsOnly() {
        transact(db, addBridge("br-int"));
        ObjectNode initial = monitor.initial(db);
        assertEquals(List.of("Bridge", "Port", "Interface"), fieldNames(initial));
        JsonNode bridge = onlyRow(initial.get("Bridge")).get("new");
        assertEquals(List.of("name", "ports", "external_ids"), fieldNames(bridge));
        assertEquals("br-int", bridge.get("name").asText());
        assertEquals("uuid", bridge.get("ports").get(0).asText(), "a one-element set is written as its atom");
        assertEquals(json("['map',[]]"), bridge.get("external_ids"));
        assertEquals(json("['set',[]]"), onlyRow(initial.get("Port")).get("new").get("tag"));
    }

    @Test
    void insertModifyAndDeleteAreReportedAsRfc7047Says() {
        transact(db, addBridge("br-int", "vm1", "internal", "{}"));
        assertEquals(1, updates.size());
        assertEquals(2, updates.get(0).get("Port").size());
        JsonNode inserted = updates.get(0).get("Port").elements().next();
        assertTrue(inserted.has("new"));
        assertFalse(inserted.has("old"));

        updates.clear();
        transact(db, "[{'op':'update','table':'Port','where':[['name','==','vm1']],'row':{'tag':5}}]");
        assertEquals(1, updates.size());
        JsonNode modified = onlyRow(updates.get(0).get("Port"));
        assertEquals(json("{'tag':['set',[]]}"), modified.get("old"), "old holds only what changed");
        assertEquals("{\"name\":\"vm1\",\"tag\":5}", modified.get("new").toString(), "new holds every monitored column");

        updates.clear();
        transact(db, "[{'op':'update','table':'Port','where':[['name','==','vm1']],'row':{'other_config':['map',[['a','b']]]}}]");
        assertEquals(List.of(), updates, "a change of columns nobody monitors is not reported");

        updates.clear();
        transact(db, "[{'op':'update','table':'Interface','where':[['name','==','vm1']],'row':{'ofport':7}}]");
        assertEquals(List.of(), updates, "modify is not selected for Interface");

        String port = transact(db, "[{'op':'select','table':'Port','where':[['name','==','vm1']]}]")
                .get(0).get("rows").get(0).get("_uuid").get(1).asText();
        transact(db, "[{'op':'mutate','table':'Bridge','where':[],'mutations':[['ports','delete',['uuid','" + port + "']]]}]");
        assertEquals(1, updates.size());
        JsonNode deleted = onlyRow(updates.get(0).get("Port"));
        assertEquals("{\"name\":\"vm1\",\"tag\":5}", deleted.get("old").toString());
        assertNull(deleted.get("new"));
        assertEquals(1, updates.get(0).get("Interface").size(), "the collected interface is reported deleted too");
        assertTrue(onlyRow(updates.get(0).get("Bridge")).get("old").has("ports"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
