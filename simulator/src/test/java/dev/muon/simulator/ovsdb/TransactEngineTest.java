package dev.muon.simulator.ovsdb;

import static dev.muon.simulator.ovsdb.Json.addBridge;
import static dev.muon.simulator.ovsdb.Json.initialized;
import static dev.muon.simulator.ovsdb.Json.json;
import static dev.muon.simulator.ovsdb.Json.transact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class TransactEngineTest {

    private final Database db = initialized();

    private Set<String> names(String table) {
        Set<String> out = new TreeSet<>();
        db.table(table).rows().forEach(r -> out.add((String) r.get(db.schema().table(table).column("name"))));
        return out;
    }

    private static void assertNoErrors(ArrayNode result) {
        result.forEach(r -> assertTrue(r != null && !r.has("error"), result.toString()));
    }

    private static String error(ArrayNode result) {
        for (JsonNode r : result) {
            if (r.hasNonNull("error")) {
                return r.get("error").asText();
            }
        }
        return null;
    }

    @Test
    void insertsRowsThatReferToEachOtherByUuidName() {
        ArrayNode result = transact(db, addBridge("br-int", "patch-tun", "patch", "{peer=patch-int}"));
        assertNoErrors(result);
        assertEquals(6, result.size());
        assertTrue(result.get(0).get("uuid").get(1).asText().matches("[0-9a-f-]{36}"));
        assertEquals(Set.of("br-int"), names("Bridge"));
        assertEquals(Set.of("br-int", "patch-tun"), names("Port"));

        ArrayNode select = transact(db, "[{'op':'select','table':'Interface','where':[['name','==','patch-tun']],"
                + "'columns':['name','type','options']}]");
        assertEquals(json("{'rows':[{'name':'patch-tun','type':'patch','options':['map',[['peer','patch-int']]]}]}"),
                select.get(0));
    }

    @Test
    void aForwardReferenceToAUuidNameIsAllowed() {
        ArrayNode result = transact(db, "[{'op':'insert','table':'Port','uuid-name':'p','row':{'name':'x',"
                + "'interfaces':['named-uuid','i']}},"
                + "{'op':'insert','table':'Interface','uuid-name':'i','row':{'name':'x'}},"
                + "{'op':'insert','table':'Bridge','uuid-name':'b','row':{'name':'br','ports':['named-uuid','p']}},"
                + "{'op':'mutate','table':'Open_vSwitch','where':[],'mutations':[['bridges','insert',['named-uuid','b']]]}]");
        assertNoErrors(result);
        assertEquals(Set.of("x"), names("Interface"));
    }

    @Test
    void aPortInsertedWithoutInterfacesRefersToTheZeroUuidAndFails() {
        ArrayNode result = transact(db, "[{'op':'insert','table':'Port','row':{'name':'lonely'}}]");
        assertEquals("referential integrity violation", error(result));
        assertTrue(result.get(1).get("details").asText().contains("00000000-0000-0000-0000-000000000000"), result.toString());
    }

    @Test
    void rowsOfNonRootTablesThatNothingReferencesAreCollected() {
        assertNoErrors(transact(db, "[{'op':'insert','table':'Interface','row':{'name':'lonely'}},"
                + "{'op':'insert','table':'Bridge','row':{'name':'br-nowhere'}}]"));
        assertEquals(Set.of(), names("Interface"));
        assertEquals(Set.of(), names("Bridge"));
    }

    @Test
    void removingAPortFromItsBridgeDeletesThePortAndItsInterface() {
        assertNoErrors(transact(db, addBridge("br-tun", "patch-int", "patch", "{peer=patch-tun}",
                "vxlan-0a000002", "vxlan", "{remote_ip=10.0.0.2}")));
        String port = select("Port", "vxlan-0a000002");
        ArrayNode result = transact(db, "[{'op':'mutate','table':'Bridge','where':[['name','==','br-tun']],"
                + "'mutations':[['ports','delete',['set',[['uuid','" + port + "']]]]]}]");
        assertEquals(json("[{'count':1}]"), result);
        assertEquals(Set.of("br-tun", "patch-int"), names("Port"));
        assertEquals(Set.of("br-tun", "patch-int"), names("Interface"));
    }

    @Test
    void removingABridgeFromTheRootCollectsEverythingBelowIt() {
        assertNoErrors(transact(db, addBridge("br-int", "patch-tun", "patch", "{peer=patch-int}")));
        assertNoErrors(transact(db, "[{'op':'insert','table':'Controller','uuid-name':'c','row':{'target':'tcp:127.0.0.1:6653'}},"
                + "{'op':'mutate','table':'Bridge','where':[],'mutations':[['controller','insert',['named-uuid','c']]]}]"));
        assertEquals(1, db.table("Controller").size());
        String bridge = select("Bridge", "br-int");
        assertNoErrors(transact(db, "[{'op':'mutate','table':'Open_vSwitch','where':[],"
                + "'mutations':[['bridges','delete',['uuid','" + bridge + "']]]}]"));
        assertEquals(0, db.table("Bridge").size());
        assertEquals(0, db.table("Port").size());
        assertEquals(0, db.table("Interface").size());
        assertEquals(0, db.table("Controller").size());
    }

    @Test
    void aWeakReferenceToACollectedRowVanishes() {
        assertNoErrors(transact(db, addBridge("br-int", "vm1", "internal", "{}")));
        String vm1 = select("Port", "vm1");
        assertNoErrors(transact(db, "[{'op':'insert','table':'Mirror','uuid-name':'m','row':{'name':'mirror1',"
                + "'select_src_port':['uuid','" + vm1 + "']}},"
                + "{'op':'mutate','table':'Bridge','where':[],'mutations':[['mirrors','insert',['named-uuid','m']]]}]"));
        assertEquals(json("['uuid','" + vm1 + "']"), transact(db, "[{'op':'select','table':'Mirror','where':[]}]")
                .get(0).get("rows").get(0).get("select_src_port"));
        assertNoErrors(transact(db, "[{'op':'mutate','table':'Bridge','where':[],'mutations':[['ports','delete',"
                + "['uuid','" + vm1 + "']]]}]"));
        assertEquals(json("['set',[]]"), transact(db, "[{'op':'select','table':'Mirror','where':[]}]")
                .get(0).get("rows").get(0).get("select_src_port"), "the mirror stays, without the port");
    }

    @Test
    void mapInsertKeepsExistingKeysAndDeleteTakesKeysOrExactPairs() {
        assertNoErrors(transact(db, addBridge("br-int")));
        String where = "'where':[['name','==','br-int']]";
        assertNoErrors(transact(db, "[{'op':'mutate','table':'Bridge'," + where + ",'mutations':["
                + "['external_ids','insert',['map',[['a','1'],['b','2'],['c','3']]]]]}]"));
        assertNoErrors(transact(db, "[{'op':'mutate','table':'Bridge'," + where + ",'mutations':["
                + "['external_ids','insert',['map',[['a','changed'],['d','4']]]],"
                + "['external_ids','delete',['set',['b']]],"
                + "['external_ids','delete',['map',[['c','not 3']]]]]}]"));
        ArrayNode select = transact(db, "[{'op':'select','table':'Bridge'," + where + ",'columns':['external_ids']}]");
        assertEquals(json("['map',[['a','1'],['c','3'],['d','4']]]"), select.get(0).get("rows").get(0).get("external_ids"));
    }

    @Test
    void aDuplicateIndexedNameFailsAtCommitAndChangesNothing() {
        assertNoErrors(transact(db, addBridge("br-int", "patch-tun", "patch", "{peer=patch-int}")));
        ArrayNode result = transact(db, addBridge("br-other", "patch-tun", "internal", "{}"));
        assertEquals(7, result.size(), "one element more than the operations: the commit's error");
        assertEquals("constraint violation", result.get(6).get("error").asText());
        assertEquals(Set.of("br-int"), names("Bridge"));
    }

    @Test
    void aReferenceToNoRowIsARefentialIntegrityViolation() {
        ArrayNode result = transact(db, "[{'op':'insert','table':'Bridge','uuid-name':'b','row':{'name':'br',"
                + "'ports':['uuid','2f1c3c36-8a70-4c07-a9d3-5a3ab1f2b0a1']}},"
                + "{'op':'mutate','table':'Open_vSwitch','where':[],'mutations':[['bridges','insert',['named-uuid','b']]]}]");
        assertEquals("referential integrity violation", error(result));
        assertEquals(Set.of(), names("Bridge"));
    }

    @Test
    void deletingARowStillReferencedIsRefused() {
        assertNoErrors(transact(db, addBridge("br-int")));
        ArrayNode result = transact(db, "[{'op':'delete','table':'Interface','where':[['name','==','br-int']]}]");
        assertEquals("referential integrity violation", error(result));
        assertEquals(Set.of("br-int"), names("Interface"));
    }

    @Test
    void anUnknownColumnFailsItsOperationAndTheRestAreNull() {
        ArrayNode result = transact(db, "[{'op':'comment','comment':'x'},"
                + "{'op':'update','table':'Bridge','where':[],'row':{'no_such_column':1}},"
                + "{'op':'comment','comment':'y'}]");
        assertEquals(3, result.size());
        assertEquals(json("{}"), result.get(0));
        assertEquals("unknown column", result.get(1).get("error").asText());
        assertTrue(result.get(2).isNull());
    }

    @Test
    void schemaConstraintsAreEnforced() {
        assertNoErrors(transact(db, addBridge("br-int", "vm1", "internal", "{}")));
        assertEquals("constraint violation", error(transact(db,
                "[{'op':'update','table':'Port','where':[['name','==','vm1']],'row':{'tag':5000}}]")));
        assertEquals("constraint violation", error(transact(db,
                "[{'op':'update','table':'Port','where':[['name','==','vm1']],'row':{'name':'vm2'}}]")));
        assertEquals("constraint violation", error(transact(db,
                "[{'op':'update','table':'Bridge','where':[],'row':{'fail_mode':'sometimes'}}]")));
        assertEquals("constraint violation", error(transact(db,
                "[{'op':'insert','table':'Open_vSwitch','row':{}}]")), "Open_vSwitch has at most one row");
        assertEquals("syntax error", error(transact(db,
                "[{'op':'update','table':'Port','where':[['name','==','vm1']],'row':{'interfaces':['set',[]]}}]")),
                "a port needs an interface");
        assertNoErrors(transact(db, "[{'op':'update','table':'Port','where':[['name','==','vm1']],'row':{'tag':5}}]"));
    }

    @Test
    void waitWithoutTimeoutFailsWhenTheRowsDiffer() {
        assertNoErrors(transact(db, addBridge("br-int")));
        assertNoErrors(transact(db, "[{'op':'wait','timeout':0,'table':'Bridge','where':[],'columns':['name'],"
                + "'until':'==','rows':[{'name':'br-int'}]}]"));
        assertEquals("timed out", error(transact(db, "[{'op':'wait','timeout':0,'table':'Bridge','where':[],"
                + "'columns':['name'],'until':'==','rows':[{'name':'br-ex'}]}]")));
    }

    @Test
    void arithmeticAndSetMutations() {
        assertNoErrors(transact(db, "[{'op':'mutate','table':'Open_vSwitch','where':[],'mutations':[['next_cfg','+=',3],"
                + "['next_cfg','*=',2]]}]"));
        ArrayNode select = transact(db, "[{'op':'select','table':'Open_vSwitch','where':[],'columns':['next_cfg']}]");
        assertEquals(6, select.get(0).get("rows").get(0).get("next_cfg").asInt());
        assertEquals("domain error", error(transact(db,
                "[{'op':'mutate','table':'Open_vSwitch','where':[],'mutations':[['next_cfg','/=',0]]}]")));
    }

    private String select(String table, String name) {
        ArrayNode r = transact(db, "[{'op':'select','table':'" + table + "','where':[['name','==','" + name + "']],"
                + "'columns':['_uuid']}]");
        return r.get(0).get("rows").get(0).get("_uuid").get(1).asText();
    }
}
