package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real openstack CLI's quota and network IP availability commands against Muon. */
@Tag("integration")
class QuotaCliIT {
    @TempDir
    Path dataDir;
    private OpenstackCli cli;

    @BeforeEach
    void start() {
        cli = new OpenstackCli(dataDir, ServiceConfig.defaults(), QuotaDefaults.neutron());
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    /**
     * Without Keystone every service's endpoint is Muon's, so {@code openstack quota show} (which
     * asks Nova and Cinder too, and OSC 6 has no --network for it) gets Muon's 404 for their
     * paths; {@code quota list --network --detail --project} asks Neutron only.
     */
    @Test
    void quotaSetListAndEnforcement() throws Exception {
        assertEquals(100, limit("networks"));
        assertEquals(500, limit("ports"));

        cli.ok("quota", "set", "--networks", "1", "--ports", "5", "demo");
        assertEquals(1, limit("networks"));
        assertEquals(5, limit("ports"));
        assertEquals(10, limit("routers"));

        cli.ok("network", "create", "--project", "demo", "n1");
        OpenstackCli.Result over = cli.openstack("network", "create", "--project", "demo", "n2");
        assertNotEquals(0, over.code());
        assertTrue(over.err().contains("Quota exceeded for resources: ['network']"), over.err());
        assertEquals(1, row("networks").get("In Use").asInt());

        // The projects with limits of their own: demo, its networks at 1.
        JsonNode listed = cli.json("quota", "list", "--network", "--project", "demo");
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(1, listed.get(0).get("Networks").asInt(), listed.toString());
    }

    private int limit(String resource) throws Exception {
        return row(resource).get("Limit").asInt();
    }

    private JsonNode row(String resource) throws Exception {
        JsonNode detail = cli.json("quota", "list", "--network", "--detail", "--project", "demo");
        for (JsonNode row : detail) {
            if (row.get("Resource").asText().equals(resource)) {
                return row;
            }
        }
        throw new AssertionError("no " + resource + " in " + detail);
    }

    @Test
    void networkIpAvailability() throws Exception {
        cli.ok("network", "create", "n");
        cli.ok("subnet", "create", "--network", "n", "--subnet-range", "10.40.0.0/28", "s");
        cli.ok("port", "create", "--network", "n", "p");
        JsonNode shown = cli.json("ip", "availability", "show", "n");
        assertEquals(13, shown.get("total_ips").asInt(), shown.toString());
        assertEquals(1, shown.get("used_ips").asInt());
        JsonNode listed = cli.json("ip", "availability", "list");
        assertEquals(1, listed.size(), listed.toString());
        assertEquals(13, listed.get(0).get("Total IPs").asInt(), listed.toString());
    }
}
