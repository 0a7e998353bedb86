package dev.muon.ovsdb;

import static dev.muon.ovsdb.Specs.brInt;
import static dev.muon.ovsdb.Specs.brTun;
import static dev.muon.ovsdb.Specs.desired;
import static dev.muon.ovsdb.WireOps.json;
import static dev.muon.ovsdb.WireOps.ops;
import static dev.muon.ovsdb.WireOps.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.ovsdb.OvsdbSnapshot.BridgeRow;
import dev.muon.pipeline.compile.BridgeSpec;
import dev.muon.pipeline.compile.DesiredState;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OvsdbDiffTest {

    private static Set<JsonNode> elements(JsonNode setOrAtom) {
        Set<JsonNode> out = new HashSet<>();
        if (setOrAtom.get(0).asText().equals("set")) {
            setOrAtom.get(1).forEach(out::add);
        } else {
            out.add(setOrAtom);
        }
        return out;
    }

    private static JsonNode namedUuid(JsonNode insert) {
        return json("['named-uuid','" + insert.get("uuid-name").asText() + "']");
    }

    @Test
    void createsMissingBridgeWithInternalPortMuonPortsAndController() {
        OvsdbSnapshot db = new SnapshotBuilder().build();
        List<JsonNode> ops = ops(db, desired(Map.of(), brInt()));

        assertEquals(List.of("insert Interface", "insert Port", "insert Interface", "insert Port",
                "insert Controller", "insert Bridge", "mutate Open_vSwitch"), summary(ops));

        assertEquals(json("{'name':'br-int','type':'internal'}"), ops.get(0).get("row"));
        JsonNode internalPort = ops.get(1);
        assertEquals("br-int", internalPort.get("row").get("name").asText());
        assertEquals(namedUuid(ops.get(0)), internalPort.get("row").get("interfaces").get(1).get(0));
        assertFalse(internalPort.get("row").has("external_ids"), "the bridge's own port is not muon-owned");

        assertEquals(json("{'name':'patch-tun','type':'patch','options':['map',[['peer','patch-int']]]}"),
                ops.get(2).get("row"));
        assertEquals(json("['map',[['muon-owned','true']]]"), ops.get(3).get("row").get("external_ids"));
        assertEquals(json("{'target':'tcp:127.0.0.1:6653'}"), ops.get(4).get("row"));

        JsonNode bridge = ops.get(5).get("row");
        BridgeSpec spec = brInt();
        assertEquals("br-int", bridge.get("name").asText());
        assertEquals("netdev", bridge.get("datapath_type").asText());
        assertEquals("secure", bridge.get("fail_mode").asText());
        assertEquals(Set.of(json("'OpenFlow13'"), json("'OpenFlow14'")), elements(bridge.get("protocols")));
        assertEquals(json("['map',[['datapath-id','" + spec.datapathId() + "']]]"), bridge.get("other_config"));
        assertEquals(json("['map',[['muon-owned','true']]]"), bridge.get("external_ids"));
        assertEquals(Set.of(namedUuid(ops.get(4))), elements(bridge.get("controller")));
        assertEquals(Set.of(namedUuid(ops.get(1)), namedUuid(ops.get(3))), elements(bridge.get("ports")));

        JsonNode attach = ops.get(6);
        assertEquals(json("[['_uuid','==',['uuid','" + SnapshotBuilder.ROOT + "']]]"), attach.get("where"));
        assertEquals(json("[['bridges','insert',['set',[" + namedUuid(ops.get(5)) + "]]]]"),
                attach.get("mutations"));
    }

    @Test
    void namedUuidsAreUniqueAcrossBridges() {
        List<JsonNode> ops = ops(new SnapshotBuilder().build(), desired(Map.of(), brInt(), brTun(true)));
        List<String> names = ops.stream().filter(op -> op.has("uuid-name"))
                .map(op -> op.get("uuid-name").asText()).toList();
        assertEquals(names.size(), Set.copyOf(names).size());
        assertEquals(2, summary(ops).stream().filter(s -> s.equals("mutate Open_vSwitch")).count());
        assertTrue(names.stream().allMatch(n -> n.matches("[a-z_][a-z_0-9]*")));
    }

    @Test
    void nodeThatMatchesNeedsNoTransaction() {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt()).bridge(brTun(true));
        b.port("br-int", "vm1", "", Map.of(), Map.of(), Map.of("iface-id", "P1"), 5, 3);
        assertEquals(List.of(), ops(b.build(), desired(Map.of("vm1", 5), brInt(), brTun(true))));
    }

    @Test
    void driftedBridgeColumnsAreFixedAndForeignMapKeysKept() {
        BridgeSpec spec = brInt();
        SnapshotBuilder b = new SnapshotBuilder().controller(SnapshotBuilder.uuid(99), Specs.CONTROLLER);
        b.bridge(new BridgeRow(SnapshotBuilder.uuid(50), "br-int", Set.of(), "system", "standalone",
                Set.of("OpenFlow10"), Set.of(SnapshotBuilder.uuid(99)),
                Map.of("datapath-id", "0000000000000001", "disable-in-band", "true"),
                Map.of("bridge-id", "x")), spec);
        List<JsonNode> ops = ops(b.build(), desired(Map.of(), spec));

        assertEquals(List.of("update Bridge", "mutate Bridge"), summary(ops));
        JsonNode where = json("[['_uuid','==',['uuid','" + SnapshotBuilder.uuid(50) + "']]]");
        assertEquals(where, ops.get(0).get("where"));
        JsonNode row = ops.get(0).get("row");
        assertEquals(Set.of("datapath_type", "fail_mode", "protocols"), fieldNames(row));
        assertEquals("netdev", row.get("datapath_type").asText());
        assertEquals("secure", row.get("fail_mode").asText());

        assertEquals(where, ops.get(1).get("where"));
        assertEquals(json("[['other_config','delete',['set',['datapath-id']]],"
                        + "['other_config','insert',['map',[['datapath-id','" + spec.datapathId() + "']]]],"
                        + "['external_ids','insert',['map',[['muon-owned','true']]]]]"),
                ops.get(1).get("mutations"));
    }

    @Test
    void controllerIsReplacedUnlessItIsExactlyTheTarget() {
        BridgeSpec spec = brInt();
        SnapshotBuilder b = new SnapshotBuilder()
                .controller(SnapshotBuilder.uuid(98), Specs.CONTROLLER)
                .controller(SnapshotBuilder.uuid(99), "tcp:10.0.0.1:6653");
        b.bridge(new BridgeRow(SnapshotBuilder.uuid(50), "br-int", Set.of(), spec.datapathType(), spec.failMode(),
                Set.copyOf(spec.protocols()), Set.of(SnapshotBuilder.uuid(98), SnapshotBuilder.uuid(99)),
                Map.of("datapath-id", spec.datapathId()), Map.of("muon-owned", "true")), spec);
        List<JsonNode> ops = ops(b.build(), desired(Map.of(), spec));

        assertEquals(List.of("insert Controller", "update Bridge"), summary(ops));
        assertEquals(json("{'controller':['set',[" + namedUuid(ops.get(0)) + "]]}"), ops.get(1).get("row"));
    }

    @Test
    void everyControllerOfAClusterGetsARowOnTheBridgeAndTheSameRowsAreLeftAlone() {
        BridgeSpec one = brInt();
        BridgeSpec cluster = new BridgeSpec(one.name(), one.datapathType(), one.datapathId(), one.failMode(),
                one.protocols(), "tcp:10.0.0.1:6653, tcp:10.0.0.2:6653", one.ports());
        SnapshotBuilder b = new SnapshotBuilder().controller(SnapshotBuilder.uuid(98), "tcp:10.0.0.1:6653");
        b.bridge(new BridgeRow(SnapshotBuilder.uuid(50), "br-int", Set.of(), one.datapathType(), one.failMode(),
                Set.copyOf(one.protocols()), Set.of(SnapshotBuilder.uuid(98)),
                Map.of("datapath-id", one.datapathId()), Map.of("muon-owned", "true")), one);
        List<JsonNode> ops = ops(b.build(), desired(Map.of(), cluster));

        assertEquals(List.of("insert Controller", "insert Controller", "update Bridge"), summary(ops));
        assertEquals(Set.of("tcp:10.0.0.1:6653", "tcp:10.0.0.2:6653"),
                Set.of(ops.get(0).get("row").get("target").asText(), ops.get(1).get("row").get("target").asText()));
        assertEquals(Set.of(namedUuid(ops.get(0)), namedUuid(ops.get(1))),
                elements(ops.get(2).get("row").get("controller")));

        SnapshotBuilder both = new SnapshotBuilder()
                .controller(SnapshotBuilder.uuid(98), "tcp:10.0.0.1:6653")
                .controller(SnapshotBuilder.uuid(99), "tcp:10.0.0.2:6653");
        both.bridge(new BridgeRow(SnapshotBuilder.uuid(50), "br-int", Set.of(), one.datapathType(), one.failMode(),
                Set.copyOf(one.protocols()), Set.of(SnapshotBuilder.uuid(98), SnapshotBuilder.uuid(99)),
                Map.of("datapath-id", one.datapathId()), Map.of("muon-owned", "true")), one);
        assertEquals(List.of(), summary(ops(both.build(), desired(Map.of(), cluster))));
    }

    @Test
    void missingPortsAreAddedAndDroppedMuonPortsRemovedButVifsAndInternalPortsStay() {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brTun(true));
        String stale = b.port("br-tun", "vxlan-c0a8010d", "vxlan", Map.of("remote_ip", "192.168.1.13"),
                Map.of("muon-owned", "true"), null);
        b.port("br-tun", "foreign", "vxlan", Map.of("remote_ip", "192.168.1.99"), Map.of(), null);
        String left = b.portUuid("vxlan-c0a8010c");
        OvsdbSnapshot db = b.build();

        BridgeSpec spec = Specs.bridge("br-tun", Specs.patch("patch-int", "patch-tun"), Specs.vxlan("192.168.1.14"));
        List<JsonNode> ops = ops(db, desired(Map.of(), spec));

        assertEquals(List.of("insert Interface", "insert Port", "mutate Bridge"), summary(ops));
        assertEquals("vxlan-c0a8010e", ops.get(0).get("row").get("name").asText());
        assertEquals(json("['map',[['in_key','flow'],['local_ip','192.168.1.11'],['out_key','flow'],"
                + "['remote_ip','192.168.1.14']]]"), ops.get(0).get("row").get("options"));
        JsonNode mutations = ops.get(2).get("mutations");
        assertEquals(2, mutations.size());
        assertEquals("delete", mutations.get(0).get(1).asText());
        assertEquals(Set.of(json("['uuid','" + stale + "']"), json("['uuid','" + left + "']")),
                elements(mutations.get(0).get(2)));
        assertEquals(json("['ports','insert',['set',[" + namedUuid(ops.get(1)) + "]]]"), mutations.get(1));
    }

    @Test
    void portWithWrongTypeOrOptionsIsFixedAndClaimed() {
        BridgeSpec spec = brTun(false);
        SnapshotBuilder b = new SnapshotBuilder().controller(SnapshotBuilder.uuid(99), Specs.CONTROLLER);
        // as a Neutron agent might have left it: patch-int pointing elsewhere, not marked
        b.bridge(new BridgeRow(SnapshotBuilder.uuid(50), "br-tun", Set.of(), spec.datapathType(), spec.failMode(),
                Set.copyOf(spec.protocols()), Set.of(SnapshotBuilder.uuid(99)),
                Map.of("datapath-id", spec.datapathId()), Map.of("muon-owned", "true")), Specs.bridge("br-tun"));
        b.port("br-tun", "patch-int", "internal", Map.of("peer", "elsewhere"), Map.of("owner", "neutron"), null);
        List<JsonNode> ops = ops(b.build(), desired(Map.of(), spec));

        assertEquals(List.of("update Interface", "mutate Port"), summary(ops));
        assertEquals(json("{'type':'patch','options':['map',[['peer','patch-tun']]]}"), ops.get(0).get("row"));
        assertEquals(json("[['external_ids','insert',['map',[['muon-owned','true']]]]]"),
                ops.get(1).get("mutations"));
    }

    @Test
    void vifTagsAreSetOnlyOnExistingPortsThatDiffer() {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt());
        String vm1 = b.port("br-int", "vm1", "", Map.of(), Map.of(), Map.of("iface-id", "P1"), null, 3);
        b.port("br-int", "vm2", "", Map.of(), Map.of(), Map.of("iface-id", "P2"), 7, 4);
        List<JsonNode> ops = ops(b.build(), desired(Map.of("vm1", 5, "vm2", 7, "ghost", 9), brInt()));

        assertEquals(List.of("update Port"), summary(ops));
        assertEquals(json("{'tag':5}"), ops.get(0).get("row"));
        assertEquals(json("[['_uuid','==',['uuid','" + vm1 + "']]]"), ops.get(0).get("where"));
    }

    @Test
    void bridgeIsAttachedToAnyRootWhenTheRootIsNotCachedYet() {
        OvsdbSnapshot empty = OvsdbSnapshot.EMPTY;
        List<JsonNode> ops = ops(empty, desired(Map.of(), brInt()));
        assertEquals(json("[]"), ops.get(ops.size() - 1).get("where"));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
