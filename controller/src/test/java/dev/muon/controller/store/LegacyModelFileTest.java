package dev.muon.controller.store;

import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.Subnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upgrading a data directory from the JSON-file store: its model.json as the previous release wrote it. */
class LegacyModelFileTest {
    /** Format 1, with the record components of that release (no tags, security groups, ...). */
    private static final String RELEASE_0_1 = """
            {
              "format" : 1,
              "version" : 4,
              "networks" : [ {
                "id" : "5d9c3b55-1a8e-4c1f-9a0e-3f1f6b0c2a11", "name" : "old-net", "description" : "",
                "projectId" : "admin", "adminStateUp" : true, "shared" : false, "external" : false,
                "networkType" : "VXLAN", "physicalNetwork" : null, "segmentationId" : 1000, "mtu" : 1450,
                "status" : "ACTIVE", "createdAt" : "2024-05-01T10:00:00Z", "updatedAt" : "2024-05-01T10:00:00Z",
                "revisionNumber" : 1
              } ],
              "subnets" : [ {
                "id" : "8f0e2a6c-77b4-4b0a-8a52-0c9e1d3f4b22", "name" : "", "description" : "",
                "projectId" : "admin", "networkId" : "5d9c3b55-1a8e-4c1f-9a0e-3f1f6b0c2a11", "ipVersion" : 4,
                "cidr" : "10.0.0.0/24", "gatewayIp" : "10.0.0.1",
                "allocationPools" : [ { "start" : "10.0.0.2", "end" : "10.0.0.254" } ], "enableDhcp" : true,
                "dnsNameservers" : [ ], "hostRoutes" : [ ], "createdAt" : "2024-05-01T10:00:01Z",
                "updatedAt" : "2024-05-01T10:00:01Z", "revisionNumber" : 1
              } ],
              "ports" : [ {
                "id" : "c3a1f9d2-4e5b-4f6a-9b7c-8d9e0f1a2b33", "name" : "vm1", "description" : "",
                "projectId" : "admin", "networkId" : "5d9c3b55-1a8e-4c1f-9a0e-3f1f6b0c2a11",
                "macAddress" : "fa:16:3e:00:00:01",
                "fixedIps" : [ { "subnetId" : "8f0e2a6c-77b4-4b0a-8a52-0c9e1d3f4b22", "ipAddress" : "10.0.0.2" } ],
                "adminStateUp" : true, "status" : "ACTIVE", "deviceId" : "vm-1", "deviceOwner" : "compute:nova",
                "bindingHostId" : "node1", "portSecurityEnabled" : true, "allowedAddressPairs" : [ ],
                "createdAt" : "2024-05-01T10:00:02Z", "updatedAt" : "2024-05-01T10:00:03Z", "revisionNumber" : 3
              } ]
            }
            """;

    @Test
    void aFileOfThePreviousReleaseIsImportedWithNeutronDefaultsForNewAttributes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.json"), RELEASE_0_1);
        try (ModelStore store = ModelStore.open(dir)) {
            NetworkModel m = store.snapshot();
            assertEquals(4, store.version());
            Network net = m.networks().get("5d9c3b55-1a8e-4c1f-9a0e-3f1f6b0c2a11");
            assertEquals("old-net", net.name());
            assertEquals(1000, net.segmentationId());
            assertTrue(net.portSecurityEnabled(), "Neutron's default for port_security_enabled");
            assertFalse(net.isDefault());
            assertEquals(List.of(), net.tags());
            Subnet subnet = m.subnets().get("8f0e2a6c-77b4-4b0a-8a52-0c9e1d3f4b22");
            assertEquals("10.0.0.2", subnet.allocationPools().get(0).start());
            Port port = m.ports().get("c3a1f9d2-4e5b-4f6a-9b7c-8d9e0f1a2b33");
            assertEquals("node1", port.bindingHostId());
            assertEquals("10.0.0.2", port.fixedIps().get(0).ipAddress());
            assertEquals(3, port.revisionNumber());
        }
        assertFalse(Files.exists(dir.resolve("model.json")));
        assertTrue(Files.exists(dir.resolve("model.json.imported")));
        try (ModelStore reopened = ModelStore.open(dir)) {
            assertEquals(1, reopened.snapshot().ports().size());
            assertEquals(4, reopened.version());
        }
    }

    @Test
    void aFileThatIsNotAModelStopsTheStartAndStaysWhereItIs(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("model.json"), "{\"format\": 7}");
        StoreException e = assertThrows(StoreException.class, () -> ModelStore.open(dir));
        assertTrue(e.getMessage().contains("format 7"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("model.json")));
        // Nothing was imported: with the file moved away the controller starts empty.
        Files.move(dir.resolve("model.json"), dir.resolve("elsewhere.json"));
        try (ModelStore store = ModelStore.open(dir)) {
            assertEquals(0, store.version());
        }
    }
}
