package dev.muon.controller.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A minimal Neutron REST client for tests. */
final class Rest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    Rest(int port) {
        this.base = "http://127.0.0.1:" + port + "/v2.0/";
    }

    JsonNode post(String collection, String singular, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + collection))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"" + singular + "\": " + body + "}")).build())
                .get(singular);
    }

    JsonNode put(String path, String singular, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"" + singular + "\": " + body + "}")).build())
                .get(singular);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    /** A plain-text operator endpoint, e.g. /muon/v1/nodes. */
    String text(String absolutePath) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base.replace("/v2.0/", "") + absolutePath)).GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException(absolutePath + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** PUT of a member action (add_router_interface, ...): Neutron's take and return a bare body. */
    JsonNode action(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    void delete(String path) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build());
    }

    private JsonNode send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(req.method() + " " + req.uri() + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }
}
