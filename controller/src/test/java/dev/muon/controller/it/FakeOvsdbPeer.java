package dev.muon.controller.it;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written OVSDB server on a raw socket, as a hostile peer would write one: it connects to
 * the controller's manager port, answers get_schema with Open vSwitch's real schema and monitor
 * with a bare Open_vSwitch row carrying the external_ids it is given (e.g. another node's
 * hostname), answers echo, and never answers transact (counting them): a mute peer.
 */
final class FakeOvsdbPeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");

    private final Socket socket;
    private final OutputStream out;
    private final Map<String, String> externalIds;
    private final AtomicInteger transacts = new AtomicInteger();
    private final Thread reader;
    private volatile boolean monitored;

    FakeOvsdbPeer(int ovsdbPort, Map<String, String> externalIds) throws IOException {
        this.socket = new Socket("127.0.0.1", ovsdbPort);
        this.out = socket.getOutputStream();
        this.externalIds = Map.copyOf(externalIds);
        this.reader = new Thread(this::serve, "fake-ovsdb-" + externalIds.get("hostname"));
        reader.setDaemon(true);
        reader.start();
    }

    /** Transactions the controller sent and never got an answer to. */
    int transacts() {
        return transacts.get();
    }

    boolean monitored() {
        return monitored;
    }

    /** The controller closed the connection (or it failed). */
    boolean closedByController() {
        return !reader.isAlive();
    }

    private void serve() {
        try (JsonParser parser = JSON.getFactory().createParser(socket.getInputStream());
             MappingIterator<JsonNode> messages = JSON.readValues(parser, JsonNode.class)) {
            while (messages.hasNextValue()) {
                JsonNode m = messages.nextValue();
                String method = m.path("method").asText("");
                switch (method) {
                    case "get_schema" -> reply(m, JSON.readTree(Files.readString(SCHEMA)));
                    case "monitor" -> {
                        reply(m, initialRows());
                        monitored = true;
                    }
                    case "echo" -> reply(m, m.get("params"));
                    case "transact" -> transacts.incrementAndGet();   // mute
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // closed
        }
    }

    private JsonNode initialRows() {
        ArrayNode pairs = JSON.createArrayNode();
        externalIds.forEach((k, v) -> pairs.add(JSON.createArrayNode().add(k).add(v)));
        ObjectNode row = JSON.createObjectNode();
        row.set("bridges", JSON.createArrayNode().add("set").add(JSON.createArrayNode()));
        row.set("external_ids", JSON.createArrayNode().add("map").add(pairs));
        ObjectNode result = JSON.createObjectNode();
        result.putObject("Open_vSwitch").putObject(UUID.randomUUID().toString()).set("new", row);
        return result;
    }

    private synchronized void reply(JsonNode request, JsonNode result) throws IOException {
        ObjectNode r = JSON.createObjectNode();
        r.set("id", request.get("id"));
        r.set("result", result);
        r.putNull("error");
        out.write(JSON.writeValueAsBytes(r));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
