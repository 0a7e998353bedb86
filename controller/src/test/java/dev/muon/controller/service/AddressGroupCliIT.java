package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Address groups with the real python-openstackclient, as the README shows them. */
@Tag("integration")
class AddressGroupCliIT {
    @TempDir
    Path dataDir;
    private OpenstackCli cli;

    @BeforeEach
    void start() {
        cli = new OpenstackCli(dataDir, ServiceConfig.defaults());
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    private static List<String> addresses(JsonNode group) {
        List<String> out = new ArrayList<>();
        group.get("addresses").forEach(a -> out.add(a.asText()));
        out.sort(null);
        return out;
    }

    @Test
    void addressGroupsAndRulesNamingThem() throws Exception {
        JsonNode g = cli.json("address", "group", "create", "--address", "203.0.113.0/24", "--address",
                "192.0.2.9", "office");
        assertEquals(List.of("192.0.2.9/32", "203.0.113.0/24"), addresses(g));
        cli.ok("address", "group", "set", "--address", "198.51.100.0/24", "office");
        cli.ok("address", "group", "unset", "--address", "192.0.2.9", "office");
        assertEquals(List.of("198.51.100.0/24", "203.0.113.0/24"),
                addresses(cli.json("address", "group", "show", "office")));

        cli.ok("security", "group", "create", "web");
        JsonNode rule = cli.json("security", "group", "rule", "create", "--ingress", "--protocol", "tcp",
                "--dst-port", "22", "--remote-address-group", "office", "web");
        assertEquals(g.get("id").asText(), rule.get("remote_address_group_id").asText());
        OpenstackCli.Result refused = cli.openstack("address", "group", "delete", "office");
        assertNotEquals(0, refused.code());
        assertTrue(refused.err().contains("in use"), refused.err());
        cli.ok("security", "group", "rule", "delete", rule.get("id").asText());
        cli.ok("address", "group", "delete", "office");
        assertEquals(0, cli.json("address", "group", "list").size());
    }
}
