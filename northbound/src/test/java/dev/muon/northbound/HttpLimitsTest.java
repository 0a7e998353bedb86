package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Greedy and slow HTTP clients: bounded bodies, chunked too, and slow bodies that hold no thread. */
class HttpLimitsTest {
    private static final int MB = 1 << 20;
    private ApiUnderTest api;
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aChunkedBodyOverTheLimitAnswers413UnreadAndUnbuffered() throws Exception {
        api = ApiUnderTest.noAuth();
        Map<Long, Long> before = allocatedBytesPerThread();
        Socket s = socket();
        OutputStream out = s.getOutputStream();
        CompletableFuture<String> response = readAll(s);
        out.write(("POST /v2.0/networks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\n".getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        try {
            while (sent < 20L * MB) {   // 20 MB of whitespace: valid JSON padding, were it read
                out.write(head);
                out.write(chunk);
                out.write(tail);
                sent += chunk.length;
            }
        } catch (IOException closedByTheServer) {
            // expected once the server has answered and closed the connection
        }
        String answer = response.get(30, TimeUnit.SECONDS);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        JsonNode e = Json.MAPPER.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4)).get("NeutronError");
        assertEquals("HTTPRequestEntityTooLarge", e.get("type").asText());
        long allocated = allocatedSince(before);
        assertTrue(allocated < 10L * MB, "the server buffered the refused body: " + allocated / MB
                + " MB allocated while the client sent " + sent / MB + " MB");
        assertEquals(List.of(), api.serviceCalls);
        assertEquals(200, api.get("/").statusCode(), "the API still answers");
    }

    @Test
    void aRefusedClientThatGoesOnSendingIsCutOff() throws Exception {
        api = ApiUnderTest.noAuth();
        Socket s = socket();
        CompletableFuture<String> response = readAll(s);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v2.0/networks HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        boolean cutOff = false;
        try {
            // As fast as it can: Jetty discards what it receives after the answer, as long as it comes.
            while (sent < 32L * 1024 * MB) {   // ~650 MB in the 2 s before the cut here; never 32 GB
                out.write(head);
                out.write(chunk);
                out.write('\r');
                out.write('\n');
                sent += chunk.length;
            }
        } catch (IOException closed) {
            cutOff = true;
        }
        assertTrue(response.get(60, TimeUnit.SECONDS).startsWith("HTTP/1.1 413"));
        assertTrue(cutOff, "the server read " + sent / MB + " MB of a refused body and never closed");
    }

    @Test
    void declaredBodiesThatNeverArriveCostNoMemory() throws Exception {
        api = ApiUnderTest.noAuth();
        long before = heapAfterGc();
        for (int i = 0; i < 90; i++) {   // headers only, each declaring the largest body allowed
            socket().getOutputStream().write(("POST /v2.0/networks HTTP/1.1\r\nHost: x\r\nContent-Length: " + MB
                    + "\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(200, api.get("/").statusCode());
        Thread.sleep(1000);   // let the server take every request's headers
        long grown = heapAfterGc() - before;
        assertTrue(grown < 30L * MB, "90 bodies declared and not sent hold " + grown / MB + " MB (was 1 MB each)");
        assertEquals(List.of(), api.serviceCalls);
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aDeclaredBodyOverTheLimitAnswers413AndOneUnderItIsRead() throws Exception {
        api = ApiUnderTest.noAuth();
        HttpResponse<String> big = api.send(HttpRequest.newBuilder(api.uri("/v2.0/networks"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[MB + 1])));
        assertEquals(413, big.statusCode(), big.body());
        assertEquals("HTTPRequestEntityTooLarge",
                Json.MAPPER.readTree(big.body()).get("NeutronError").get("type").asText());
        String padded = "{\"network\": {}}" + " ".repeat(MB - 100);
        HttpResponse<String> fits = api.send(HttpRequest.newBuilder(api.uri("/v2.0/networks"))
                .POST(HttpRequest.BodyPublishers.ofString(padded)));
        assertEquals(500, fits.statusCode(), "read and handed to the (unreachable) service: " + fits.body());
        assertEquals(List.of("ResourceService.create"), api.serviceCalls);
    }

    @Test
    void slowBodiesDoNotStarveOtherClients() throws Exception {
        HttpLimits d = HttpLimits.defaults();   // every slow client and the prompt one share 127.0.0.1 here
        api = new ApiUnderTest(null, null, new HttpLimits(d.maxBodyBytes(), d.bodyDeadline(), d.idleTimeout(),
                d.maxConnections(), d.maxThreads(), d.maxHeaderBytes(), d.maxConnections(), d.requestDeadline()));
        int slow = 400;   // twice the request threads: were each to hold one, nothing else would be answered
        for (int i = 0; i < slow; i++) {
            Socket s = socket();
            s.getOutputStream().write(("POST /v2.0/networks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
        }
        Thread trickle = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(1000);
                    for (Socket s : sockets) {
                        s.getOutputStream().write(' ');
                    }
                }
            } catch (IOException | InterruptedException stopped) {
                // the test is over
            }
        }, "trickle");
        trickle.start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(60)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(api.uri("/muon/v1/nodes"))
                    .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(api.uri("/v2.0/networks"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString("{\"network\": {}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(500, post.statusCode(), "a prompt body reaches the (unreachable) service: " + post.body());
        } finally {
            trickle.interrupt();
            trickle.join();
        }
    }

    @Test
    void aBodyNotCompleteWithinTheDeadlineAnswers408() throws Exception {
        HttpLimits d = HttpLimits.defaults();
        api = new ApiUnderTest(null, null, new HttpLimits(d.maxBodyBytes(), Duration.ofSeconds(1), d.idleTimeout(),
                d.maxConnections(), d.maxThreads(), d.maxHeaderBytes(), d.maxConnectionsPerAddress(),
                d.requestDeadline()));
        Socket s = socket();
        CompletableFuture<String> response = readAll(s);
        s.getOutputStream().write(("POST /v2.0/networks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")
                .getBytes(StandardCharsets.US_ASCII));
        String answer = response.get(30, TimeUnit.SECONDS);
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        assertTrue(answer.contains("HTTPRequestTimeout"), answer);
        assertEquals(List.of(), api.serviceCalls);
    }

    @Test
    void oneAddressHoldsAtMostItsShareOfConnectionsAndOthersAreStillServed() throws Exception {
        HttpLimits d = HttpLimits.defaults();
        api = new ApiUnderTest(null, null, new HttpLimits(d.maxBodyBytes(), d.bodyDeadline(), d.idleTimeout(),
                d.maxConnections(), d.maxThreads(), d.maxHeaderBytes(), 5, d.requestDeadline()));
        List<CompletableFuture<String>> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {   // the server sets them up on several threads: which one is sixth is its call
            Socket s = socket();
            six.add(readAll(s));
            s.getOutputStream().write("GET /v2.0/networks HTTP/1.1\r\nHost:".getBytes(StandardCharsets.US_ASCII));
        }
        CompletableFuture.anyOf(six.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        Thread.sleep(500);
        assertEquals(1, six.stream().filter(CompletableFuture::isDone).count(), "one of six from 127.0.0.1 is closed");
        assertEquals("", six.stream().filter(CompletableFuture::isDone).findFirst().orElseThrow().get(), "unanswered");
        try (Socket other = new Socket()) {   // another client address on loopback
            other.bind(new java.net.InetSocketAddress("127.0.0.2", 0));
            other.connect(new java.net.InetSocketAddress("127.0.0.1", api.port()));
            CompletableFuture<String> answer = readAll(other);
            other.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String a = answer.get(30, TimeUnit.SECONDS);
            assertTrue(a.startsWith("HTTP/1.1 200"), "another address is served: " + a);
        }
    }

    @Test
    void closedConnectionsGiveTheirAddressItsShareBack() throws Exception {
        HttpLimits d = HttpLimits.defaults();
        api = new ApiUnderTest(null, null, new HttpLimits(d.maxBodyBytes(), d.bodyDeadline(), d.idleTimeout(),
                d.maxConnections(), d.maxThreads(), d.maxHeaderBytes(), 5, d.requestDeadline()));
        for (int i = 0; i < 20; i++) {   // one at a time, each closed by the server before the next opens
            try (Socket s = socket()) {
                CompletableFuture<String> answer = readAll(s);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                String a = answer.get(30, TimeUnit.SECONDS);
                assertTrue(a.startsWith("HTTP/1.1 200"), "connection " + (i + 1) + " of 20, never 2 at once: " + a);
            }
        }
    }

    @Test
    void headersTrickledPastTheRequestDeadlineCloseTheConnection() throws Exception {
        HttpLimits d = HttpLimits.defaults();
        api = new ApiUnderTest(null, null, new HttpLimits(d.maxBodyBytes(), d.bodyDeadline(), d.idleTimeout(),
                d.maxConnections(), d.maxThreads(), d.maxHeaderBytes(), d.maxConnectionsPerAddress(),
                Duration.ofSeconds(1)));
        Socket s = socket();
        CompletableFuture<String> closed = readAll(s);
        OutputStream out = s.getOutputStream();
        out.write("GET /v2.0/networks HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        try {
            for (int i = 0; i < 150 && !closed.isDone(); i++) {   // a header byte every 200 ms: never idle
                out.write('X');
                out.flush();
                Thread.sleep(200);
            }
        } catch (IOException closedByTheServer) {
            // expected
        }
        assertTrue(closed.isDone(), "a connection trickling headers for 30 s was never closed (idle timeout 30 s)");
        assertEquals("", closed.get(), "closed unanswered");
        assertEquals(200, api.get("/").statusCode(), "the API still answers");
    }

    @Test
    void oversizedHeadersAreRefused() throws Exception {
        api = ApiUnderTest.noAuth();
        HttpResponse<String> r = api.get("/v2.0/networks", "X-Padding", "x".repeat(32 * 1024));
        assertEquals(431, r.statusCode());
    }

    private Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", api.port());
        s.setSoTimeout(60_000);
        sockets.add(s);
        return s;
    }

    /** Everything the server sends until it closes (or resets) the connection. */
    private static CompletableFuture<String> readAll(Socket s) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    got.write(buf, 0, n);
                }
            } catch (IOException resetAfterTheAnswer) {
                // what was read before is the answer
            }
            return got.toString(StandardCharsets.UTF_8);
        });
    }

    private static Map<Long, Long> allocatedBytesPerThread() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> m = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            m.put(ids[i], bytes[i]);
        }
        return m;
    }

    /** Heap bytes allocated by every live thread since {@code before} (threads started since count whole). */
    private static long allocatedSince(Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : allocatedBytesPerThread().entrySet()) {
            if (e.getValue() > 0) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return sum;
    }
}
