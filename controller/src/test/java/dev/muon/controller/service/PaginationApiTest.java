package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pages as Neutron links them, which is how tempest's pagination tests and openstacksdk walk a
 * collection: "next" whenever a page is full, "previous" from every forward page, and hrefs on
 * the host the client asked for.
 */
class PaginationApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void fullLastPageStillLinksOnwardsAndTheEmptyPageEndsTheWalk() throws Exception {
        for (String n : List.of("n1", "n2", "n3", "n4")) {
            api.create("networks", "network", "{'name': '" + n + "'}");
        }
        List<String> seen = new ArrayList<>();
        String path = "/v2.0/networks?sort_key=name&sort_dir=asc&limit=2";
        List<Integer> pageSizes = new ArrayList<>();
        while (path != null) {
            JsonNode page = api.get(path);
            page.get("networks").forEach(n -> seen.add(n.get("name").asText()));
            pageSizes.add(page.get("networks").size());
            Map<String, String> links = links(page.get("networks_links"));
            assertTrue(links.containsKey("previous"), "every forward page links back: " + page);
            String next = links.get("next");
            path = next == null ? null : next.substring(next.indexOf("/v2.0"));
        }
        assertEquals(List.of("n1", "n2", "n3", "n4"), seen);
        assertEquals(List.of(2, 2, 0), pageSizes, "the full last page links to an empty one, as Neutron's does");

        JsonNode reversed = api.get("/v2.0/networks?sort_key=name&sort_dir=asc&limit=3&page_reverse=True");
        assertEquals(List.of("n2", "n3", "n4"), names(reversed));
        assertEquals(Map.of("next", true, "previous", true), present(reversed.get("networks_links")));
        String back = links(reversed.get("networks_links")).get("previous");
        JsonNode first = api.get(back.substring(back.indexOf("/v2.0")));
        assertEquals(List.of("n1"), names(first));
        assertFalse(links(first.get("networks_links")).containsKey("previous"), "a short reversed page is the first");
    }

    @Test
    void linksNameTheHostTheClientAskedFor() throws Exception {
        api.create("networks", "network", "{'name': 'n1'}");
        JsonNode page = rawGet("/v2.0/networks?limit=1", "neutron.example:9696");
        String next = links(page.get("networks_links")).get("next");
        assertTrue(next.startsWith("http://neutron.example:9696/v2.0/networks?limit=1&marker="), next);
    }

    /** A GET with a Host header of our choosing, which the JDK's client does not allow setting. */
    private JsonNode rawGet(String path, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", api.port())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            return NeutronApi.JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }

    private static Map<String, String> links(JsonNode links) {
        Map<String, String> byRel = new HashMap<>();
        if (links != null) {
            links.forEach(l -> byRel.put(l.get("rel").asText(), l.get("href").asText()));
        }
        return byRel;
    }

    private static Map<String, Boolean> present(JsonNode links) {
        Map<String, Boolean> rels = new HashMap<>();
        links(links).keySet().forEach(rel -> rels.put(rel, true));
        return rels;
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("networks").forEach(n -> names.add(n.get("name").asText()));
        return names;
    }
}
