package dev.muon.ovsdb;

import static dev.muon.ovsdb.Specs.brInt;
import static dev.muon.ovsdb.WireOps.json;
import static dev.muon.ovsdb.WireOps.ops;
import static dev.muon.ovsdb.WireOps.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.muon.ovsdb.OvsdbSnapshot.BridgeRow;
import dev.muon.pipeline.compile.BridgeSpec;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a trunk needs from the transaction builder: patch ports with interface external_ids
 * (iface-id, attached-mac) and access tags, set at creation and corrected later; a new VIF
 * port on br-int born on its VIF tag; trunk bridges marked ephemeral and deleted once no
 * longer desired, but only when nothing but Muon's ports is left on them.
 */
class OvsdbDiffTrunkTest {

    private static final String TBR = "tbr-3b9bb4f7-a";
    private static final Map<String, String> VIF_IDS = Map.of("iface-id", "867d7f27-8da0", "attached-mac",
            "fa:16:3e:a6:85:1a");
    private static PortSpec spi() {
        return new PortSpec("spi-867d7f27-8d", "patch", Map.of("peer", "spt-867d7f27-8d"), VIF_IDS, null);
    }

    private static PortSpec spt() {
        return new PortSpec("spt-867d7f27-8d", "patch", Map.of("peer", "spi-867d7f27-8d"), Map.of(), 1100);
    }

    private static BridgeSpec tbr(PortSpec... ports) {
        return new BridgeSpec(TBR, "netdev", DatapathIds.hex(DatapathIds.of("node1", TBR)), "secure",
                Specs.PROTOCOLS, Specs.CONTROLLER, List.of(ports), true);
    }

    private static BridgeSpec brIntWith(PortSpec... more) {
        List<PortSpec> ports = new ArrayList<>(brInt().ports());
        ports.addAll(List.of(more));
        BridgeSpec b = brInt();
        return new BridgeSpec(b.name(), b.datapathType(), b.datapathId(), b.failMode(), b.protocols(),
                b.controllerTarget(), ports);
    }

    private static DesiredState desired(Map<String, Integer> vifTags, BridgeSpec... bridges) {
        return new DesiredState("node1", List.of(bridges), vifTags, Map.of(), Map.of());
    }

    /** The row of the insert named {@code name} into {@code table}. */
    private static JsonNode inserted(List<JsonNode> ops, String table, String name) {
        return ops.stream().filter(op -> op.get("op").asText().equals("insert") && op.get("table").asText().equals(table))
                .map(op -> op.get("row")).filter(r -> r.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void trunkBridgeIsCreatedEphemeralWithItsSubportTagAndTheBrIntEndIsAVifBornParked() {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt());
        List<JsonNode> ops = ops(b.build(), desired(Map.of("spi-867d7f27-8d", 4095), brIntWith(spi()), tbr(spt())));

        assertEquals(json("['map',[['attached-mac','fa:16:3e:a6:85:1a'],['iface-id','867d7f27-8da0']]]"),
                inserted(ops, "Interface", "spi-867d7f27-8d").get("external_ids"));
        JsonNode spiPort = inserted(ops, "Port", "spi-867d7f27-8d");
        assertEquals(4095, spiPort.get("tag").asInt(), "never on all VLANs, not even for one pass");
        assertEquals(json("['map',[['muon-owned','true']]]"), spiPort.get("external_ids"));

        assertFalse(inserted(ops, "Interface", "spt-867d7f27-8d").has("external_ids"));
        assertEquals(1100, inserted(ops, "Port", "spt-867d7f27-8d").get("tag").asInt());
        assertFalse(inserted(ops, "Port", TBR).has("tag"), "the bridge's own port stays untagged");

        JsonNode bridge = inserted(ops, "Bridge", TBR);
        assertEquals(json("['map',[['muon-ephemeral','true'],['muon-owned','true']]]"), bridge.get("external_ids"));
        assertEquals("secure", bridge.get("fail_mode").asText());
    }

    @Test
    void driftedExternalIdsAndTagsOfMuonPortsAreCorrectedKeyByKey() {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt());
        b.bridge(ephemeralRow(b, 60), tbr());
        String spi = b.port("br-int", "spi-867d7f27-8d", "patch", Map.of("peer", "spt-867d7f27-8d"),
                Map.of("muon-owned", "true"), Map.of("iface-id", "867d7f27-8da0", "attached-mac", "fa:16:3e:00:00:01",
                        "by-hand", "x"), 5, 7);
        String spt = b.port(TBR, "spt-867d7f27-8d", "patch", Map.of("peer", "spi-867d7f27-8d"),
                Map.of("muon-owned", "true"), Map.of(), 1200, 2);
        OvsdbSnapshot db = b.build();
        String spiIface = db.mainInterface(db.ports().get(spi)).orElseThrow().uuid();

        List<JsonNode> ops = ops(db, desired(Map.of("spi-867d7f27-8d", 5), brIntWith(spi()), tbr(spt())));

        assertEquals(List.of("mutate Interface", "update Port"), summary(ops));
        assertEquals(json("[['_uuid','==',['uuid','" + spiIface + "']]]"), ops.get(0).get("where"));
        assertEquals(json("[['external_ids','delete',['set',['attached-mac']]],"
                + "['external_ids','insert',['map',[['attached-mac','fa:16:3e:a6:85:1a']]]]]"),
                ops.get(0).get("mutations"), "a wrong MAC is replaced, a key someone else set stays");
        assertEquals(json("{'tag':1100}"), ops.get(1).get("row"));
        assertEquals(json("[['_uuid','==',['uuid','" + spt + "']]]"), ops.get(1).get("where"));
    }

    @Test
    void anEphemeralBridgeNoLongerWantedIsDeletedWithItsPorts() {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt());
        b.bridge(ephemeralRow(b, 60), tbr(spt()));
        List<JsonNode> ops = ops(b.build(), desired(Map.of(), brInt()));

        assertEquals(List.of("mutate Open_vSwitch"), summary(ops));
        assertEquals(json("[['_uuid','==',['uuid','" + SnapshotBuilder.ROOT + "']]]"), ops.get(0).get("where"));
        assertEquals(json("[['bridges','delete',['set',[['uuid','" + SnapshotBuilder.uuid(60) + "']]]]]"),
                ops.get(0).get("mutations"));
    }

    @Test
    void anEphemeralBridgeStillHoldingAVifIsLeftForOsVif() {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt());
        b.bridge(ephemeralRow(b, 60), tbr());
        b.port(TBR, "tap027824df-17", "", Map.of(), Map.of(), Map.of("iface-id", "027824df"), null, 3);
        assertEquals(List.of(), ops(b.build(), desired(Map.of(), brInt())));
    }

    @Test
    void bridgesThatAreNotEphemeralAreNeverDeleted() {
        SnapshotBuilder b = new SnapshotBuilder().bridge(brInt()).bridge(Specs.bridge("br-eth1"))
                .bridge(Specs.bridge("tbr-not-muons"));
        assertEquals(List.of(), ops(b.build(), desired(Map.of(), brInt())));
    }

    private static BridgeRow ephemeralRow(SnapshotBuilder b, int uuid) {
        BridgeSpec spec = tbr();
        b.controller(SnapshotBuilder.uuid(uuid + 1), spec.controllerTarget());
        return new BridgeRow(SnapshotBuilder.uuid(uuid), TBR, Set.of(), spec.datapathType(), spec.failMode(),
                Set.copyOf(spec.protocols()), Set.of(SnapshotBuilder.uuid(uuid + 1)),
                Map.of("datapath-id", spec.datapathId()),
                Map.of("muon-owned", "true", "muon-ephemeral", "true"));
    }
}
