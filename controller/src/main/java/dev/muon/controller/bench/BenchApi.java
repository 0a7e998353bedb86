package dev.muon.controller.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A benchmark's client of its controller's Neutron API: plain requests, and ports made in bulk on
 * VXLAN networks of a fixed size (a network and its subnet are created when the last one is full).
 */
final class BenchApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1: no h2c upgrade attempt on every request. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final String prefix;
    private final int portsPerNetwork;
    private final String portFields;
    private final List<String> networks = new ArrayList<>();
    private int inCurrentNetwork;

    /** A plain client (no ports of its own making). */
    BenchApi(int port) {
        this(port, "net", 200, "");
    }

    /**
     * @param prefix          names the networks (prefix0, prefix1, …)
     * @param portsPerNetwork ports per network before the next one is made (at most 250: one /24 each)
     * @param portFields      more members of each port created, as JSON (e.g. {@code "security_groups": []}), or ""
     */
    BenchApi(int port, String prefix, int portsPerNetwork, String portFields) {
        this.base = "http://127.0.0.1:" + port + "/v2.0/";
        this.prefix = prefix;
        this.portsPerNetwork = portsPerNetwork;
        this.portFields = portFields.isEmpty() ? "" : ", " + portFields;
        this.inCurrentNetwork = portsPerNetwork;
    }

    JsonNode post(String collection, String body) throws Exception {
        return JSON.readTree(postText(collection, body));
    }

    JsonNode get(String path) throws Exception {
        return JSON.readTree(getText(path));
    }

    /** The response body unparsed (a timed request should not time the client's JSON parsing). */
    String postText(String collection, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + collection)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    String getText(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** {@code n} new ports (bulk creates), filling the current network before making the next. */
    List<String> createPorts(int n) throws Exception {
        List<String> ids = new ArrayList<>();
        while (ids.size() < n) {
            if (inCurrentNetwork == portsPerNetwork) {
                int k = networks.size();
                String net = post("networks", "{\"network\": {\"name\": \"" + prefix + k + "\"}}")
                        .get("network").get("id").asText();
                post("subnets", "{\"subnet\": {\"network_id\": \"" + net + "\", \"cidr\": \"10." + (100 + k / 256)
                        + "." + (k % 256) + ".0/24\", \"ip_version\": 4}}");
                networks.add(net);
                inCurrentNetwork = 0;
            }
            int chunk = Math.min(n - ids.size(), portsPerNetwork - inCurrentNetwork);
            String net = networks.get(networks.size() - 1);
            String body = "{\"ports\": [" + String.join(", ",
                    Collections.nCopies(chunk, "{\"network_id\": \"" + net + "\"" + portFields + "}")) + "]}";
            for (JsonNode p : post("ports", body).get("ports")) {
                ids.add(p.get("id").asText());
            }
            inCurrentNetwork += chunk;
        }
        return ids;
    }

    private String send(HttpRequest req) throws Exception {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(req.method() + " " + req.uri() + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
