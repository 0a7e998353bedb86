package dev.muon.ovsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.pipeline.node.NodeRole;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onosproject.ovsdb.rfc.schema.DatabaseSchema;
import org.onosproject.ovsdb.rfc.utils.FromJsonUtil;

/** Monitor table-updates, as ovsdb-server sends them, through the cache into a NodeState. */
class TableCacheTest {

    private static DatabaseSchema schema;

    private static final String ROOT = "00000000-0000-4000-8000-000000000000";
    private static final String BR = "00000001-0000-4000-8000-000000000000";
    private static final String P_BR = "00000002-0000-4000-8000-000000000000";
    private static final String I_BR = "00000003-0000-4000-8000-000000000000";
    private static final String P_VM = "00000004-0000-4000-8000-000000000000";
    private static final String I_VM = "00000005-0000-4000-8000-000000000000";
    private static final String CTL = "00000006-0000-4000-8000-000000000000";

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = TableCacheTest.class.getResourceAsStream("/mini-vswitch-schema.json")) {
            schema = FromJsonUtil.jsonNodeToDbSchema("Open_vSwitch", JsonRpcCodec.MAPPER.readTree(in));
        }
    }

    private static JsonNode json(String text) throws Exception {
        return JsonRpcCodec.MAPPER.readTree(text.replace('\'', '"'));
    }

    private static void apply(TableCache cache, String updates) throws Exception {
        cache.apply(FromJsonUtil.jsonNodeToTableUpdates(json(updates), schema));
    }

    private static final String INITIAL = "{"
            + "'Open_vSwitch':{'" + ROOT + "':{'new':{'bridges':['uuid','" + BR + "'],"
            + "  'external_ids':['map',[['hostname','node1'],['muon-encap-ip','192.168.1.11'],"
            + "  ['muon-datapath-type','netdev'],['muon-bridge-mappings','physnet1:br-eth1']]]}}},"
            + "'Bridge':{'" + BR + "':{'new':{'name':'br-int','ports':['set',[['uuid','" + P_BR + "'],"
            + "  ['uuid','" + P_VM + "']]],'datapath_type':'netdev','fail_mode':'secure',"
            + "  'protocols':['set',['OpenFlow13','OpenFlow14']],'controller':['uuid','" + CTL + "'],"
            + "  'other_config':['map',[['datapath-id','4d75000000000001']]],"
            + "  'external_ids':['map',[['muon-owned','true']]]}}},"
            + "'Port':{'" + P_BR + "':{'new':{'name':'br-int','interfaces':['uuid','" + I_BR + "'],"
            + "  'tag':['set',[]],'external_ids':['map',[]]}},"
            + "  '" + P_VM + "':{'new':{'name':'vm1','interfaces':['uuid','" + I_VM + "'],"
            + "  'tag':['set',[]],'external_ids':['map',[]]}}},"
            + "'Interface':{'" + I_BR + "':{'new':{'name':'br-int','type':'internal','ofport':65534,"
            + "  'options':['map',[]],'external_ids':['map',[]]}},"
            + "  '" + I_VM + "':{'new':{'name':'vm1','type':'','ofport':['set',[]],'options':['map',[]],"
            + "  'external_ids':['map',[['iface-id','P1'],['attached-mac','fa:16:3e:00:00:01']]]}}},"
            + "'Controller':{'" + CTL + "':{'new':{'target':'tcp:127.0.0.1:6653'}}}"
            + "}";

    @Test
    void initialRowsBecomeTypedRows() throws Exception {
        TableCache cache = new TableCache();
        apply(cache, INITIAL);
        OvsdbSnapshot db = cache.snapshot();

        OvsdbSnapshot.BridgeRow br = db.bridge("br-int").orElseThrow();
        assertEquals(Set.of(P_BR, P_VM), br.ports());
        assertEquals("secure", br.failMode());
        assertEquals(Set.of("OpenFlow13", "OpenFlow14"), br.protocols());
        assertEquals(Set.of(CTL), br.controllers());
        assertEquals(Map.of("datapath-id", "4d75000000000001"), br.otherConfig());
        assertEquals("tcp:127.0.0.1:6653", db.controllers().get(CTL).target());
        assertNull(db.ports().get(P_VM).tag());
        assertEquals(65534, db.interfaces().get(I_BR).ofport());
        assertNull(db.interfaces().get(I_VM).ofport());
    }

    @Test
    void nodeStateCarriesConfigBridgesAndInterfaces() throws Exception {
        TableCache cache = new TableCache();
        apply(cache, INITIAL);
        NodeState state = new NodeStateMapper("127.0.0.1:5000").map(cache.snapshot());

        assertEquals("127.0.0.1:5000", state.connectionId());
        assertEquals("node1", state.hostname());
        assertEquals("192.168.1.11", state.config().encapIp());
        assertEquals("netdev", state.config().datapathType());
        assertEquals(NodeRole.COMPUTE, state.config().role());
        assertEquals(Map.of("physnet1", "br-eth1"), state.config().bridgeMappings());
        assertEquals(Set.of("br-int"), state.bridges());
        assertEquals(2, state.interfaces().size());
        assertEquals(65534, state.ofport("br-int", "br-int").orElseThrow());
        List<ObservedInterface> vifs = state.vifs("br-int");
        assertEquals(1, vifs.size());
        assertEquals("P1", vifs.get(0).ifaceId());
        assertNull(vifs.get(0).ofport());
    }

    @Test
    void modifyReplacesRowsAndDeleteRemovesThem() throws Exception {
        TableCache cache = new TableCache();
        apply(cache, INITIAL);
        // ovs-vswitchd assigns the VIF's ofport, the controller tags it
        apply(cache, "{'Interface':{'" + I_VM + "':{'old':{'ofport':['set',[]]},'new':{'name':'vm1','type':'',"
                + "'ofport':7,'options':['map',[]],'external_ids':['map',[['iface-id','P1']]]}}},"
                + "'Port':{'" + P_VM + "':{'old':{'tag':['set',[]]},'new':{'name':'vm1','interfaces':['uuid','"
                + I_VM + "'],'tag':5,'external_ids':['map',[]]}}}}");
        NodeState state = new NodeStateMapper("c").map(cache.snapshot());
        ObservedInterface vm1 = state.iface("br-int", "vm1").orElseThrow();
        assertEquals(7, vm1.ofport());
        assertEquals(5, vm1.tag());

        // unplug: the bridge loses the port, the rows go
        apply(cache, "{'Bridge':{'" + BR + "':{'old':{'ports':['set',[]]},'new':{'name':'br-int',"
                + "'ports':['uuid','" + P_BR + "'],'datapath_type':'netdev','fail_mode':'secure',"
                + "'protocols':['set',[]],'controller':['set',[]],'other_config':['map',[]],'external_ids':['map',[]]}}},"
                + "'Port':{'" + P_VM + "':{'old':{'name':'vm1'}}},"
                + "'Interface':{'" + I_VM + "':{'old':{'name':'vm1'}}}}");
        OvsdbSnapshot db = cache.snapshot();
        assertTrue(db.ports().get(P_VM) == null && db.interfaces().get(I_VM) == null);
        assertEquals(List.of(), new NodeStateMapper("c").map(db).vifs("br-int"));
    }

    @Test
    void failedOfportIsReportedAsNone() throws Exception {
        TableCache cache = new TableCache();
        apply(cache, INITIAL);
        apply(cache, "{'Interface':{'" + I_VM + "':{'new':{'name':'vm1','type':'','ofport':-1,"
                + "'options':['map',[]],'external_ids':['map',[]]}}}}");
        assertNull(new NodeStateMapper("c").map(cache.snapshot()).iface("br-int", "vm1").orElseThrow().ofport());
    }

    @Test
    void nodeWithoutHostnameOrWithBadConfigHasNoConfig() throws Exception {
        TableCache cache = new TableCache();
        apply(cache, "{'Open_vSwitch':{'" + ROOT + "':{'new':{'bridges':['set',[]],'external_ids':['map',[]]}}}}");
        NodeStateMapper mapper = new NodeStateMapper("c");
        NodeState state = mapper.map(cache.snapshot());
        assertNull(state.config());
        assertEquals(Set.of(), state.bridges());

        apply(cache, "{'Open_vSwitch':{'" + ROOT + "':{'new':{'bridges':['set',[]],"
                + "'external_ids':['map',[['hostname','node9'],['muon-role','storage']]]}}}}");
        assertNull(mapper.map(cache.snapshot()).config(), "a bad muon-role is reported, not thrown");
    }
}
