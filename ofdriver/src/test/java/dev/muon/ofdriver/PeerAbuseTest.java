package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFAsyncSet;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFVersion;

/** Garbage, truncated and foreign messages, silent peers and too many connections: each closes that one connection. */
class PeerAbuseTest {
    private static final long DPID = 0x4d75_0000_0000_00bbL;

    private RecordingListener listener;
    private OpenFlowServer server;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        listener = new RecordingListener();
        server = new OpenFlowServer(new InetSocketAddress("127.0.0.1", 0), listener,
                Duration.ofMillis(200), Duration.ofSeconds(8)).maxConnections(4);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    @Test
    void aMessageShorterThanItsHeaderIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new OpenFlowFrameDecoder());
        assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {5, 0, 0, 6, 0, 0})));
    }

    @Test
    void aVersionOpenFlowNeverHadIsRefused() {
        EmbeddedChannel ch = new EmbeddedChannel(new OpenFlowFrameDecoder());
        // refused on its first byte, without waiting for the 21,536 bytes its "length" claims
        assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1".getBytes())));
    }

    @Test
    void unfinishedFramesShareOneBudgetAcrossConnections() {
        AtomicLong budget = new AtomicLong();
        // a HELLO header claiming 65,535 bytes, then 20,000 of them: a stalled peer's unfinished frame
        byte[] stalled = new byte[20_008];
        stalled[0] = 6;
        stalled[2] = (byte) 0xff;
        stalled[3] = (byte) 0xff;
        List<EmbeddedChannel> holders = new ArrayList<>();
        long limit = OpenFlowFrameDecoder.MAX_BUFFERED_BYTES;
        while (budget.get() + stalled.length <= limit) {
            EmbeddedChannel ch = new EmbeddedChannel(new OpenFlowFrameDecoder(budget));
            assertFalse(ch.writeInbound(Unpooled.wrappedBuffer(stalled)), "nothing framed yet");
            holders.add(ch);
        }
        EmbeddedChannel next = new EmbeddedChannel(new OpenFlowFrameDecoder(budget));
        assertThrows(DecoderException.class, () -> next.writeInbound(Unpooled.wrappedBuffer(stalled)),
                "the peer that takes the total past the budget is closed");
        assertTrue(holders.size() * (long) stalled.length <= limit);
        EmbeddedChannel small = new EmbeddedChannel(new OpenFlowFrameDecoder(budget));
        assertTrue(small.writeInbound(Unpooled.wrappedBuffer(new byte[] {6, 2, 0, 8, 0, 0, 0, 1, 6, 0, 0, 16})),
                "a peer holding little still gets its messages");
        ((io.netty.buffer.ByteBuf) small.readInbound()).release();

        for (EmbeddedChannel ch : holders) {
            ch.finishAndReleaseAll();
        }
        next.finishAndReleaseAll();
        small.finishAndReleaseAll();
        assertEquals(0, budget.get(), "closed connections give their bytes back");
    }

    @Test
    void garbageAndTruncatedFramesCloseTheConnection() throws Exception {
        assertClosedAfter(new byte[] {5, 0, 0, 2});                                  // length below the length field
        assertClosedAfter(new byte[] {5, 0, 0, 5, 0, 0, 0, 0});                      // length below the header
        assertClosedAfter("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());           // not OpenFlow at all
        assertClosedAfter(new byte[] {(byte) 0xff, 0, 0, 8, 0, 0, 0, 1});            // version 255
    }

    @Test
    void aPeerThatNeverCompletesTheHandshakeIsClosed() throws Exception {
        OpenFlowServer quick = new OpenFlowServer(new InetSocketAddress("127.0.0.1", 0), listener,
                Duration.ofMillis(100), Duration.ofMillis(500));
        quick.start();
        try (Socket s = new Socket("127.0.0.1", quick.port())) {
            s.getOutputStream().write(new byte[] {5, 2, 0, 8, 0, 0, 0, 9});   // an echo request keeps nothing open
            assertTrue(closedWithin(s, 5_000), "closed after the handshake timeout");
        } finally {
            quick.close();
        }
    }

    @Test
    void aMessageOfAnotherVersionThanNegotiatedClosesTheConnection() throws Exception {
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            listener.await("connected", DPID, 5000);
            fake.expect(OFAsyncSet.class);
            fake.send(OFFactories.getFactory(OFVersion.OF_13).buildEchoRequest().setXid(77).setData(new byte[0]).build());
            listener.await("disconnected", DPID, 5000);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndTheOthersServed() throws Exception {
        for (int i = 0; i < 5; i++) {
            connect();
        }
        // the server sets connections up on several I/O threads: which one is the fifth is its call
        List<Socket> closed = new ArrayList<>();
        for (long deadline = System.nanoTime() + 4_000_000_000L; closed.isEmpty() && System.nanoTime() < deadline; ) {
            for (Socket s : sockets) {
                if (closedWithin(s, 20)) {
                    closed.add(s);
                }
            }
        }
        assertEquals(1, closed.size(), "one of five connections is closed at once, not at the handshake timeout");
        for (Socket s : sockets) {
            if (!closed.contains(s)) {
                assertFalse(closedWithin(s, 50), "the other connections stay until their handshake timeout");
            }
        }
        sockets.removeAll(closed);
        for (int i = 0; i < 4; i++) {
            sockets.get(i).close();
        }
        Thread.sleep(200);   // the server sees them go
        try (FakeSwitch fake = new FakeSwitch(server.port(), OFVersion.OF_14, DPID)) {
            assertEquals(DPID, listener.await("connected", DPID, 5000).sw().datapathId(), "a real switch gets in once room is free");
        }
    }

    private void assertClosedAfter(byte[] bytes) throws Exception {
        Socket s = connect();
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        assertTrue(closedWithin(s, 4_000), "closed at once, not at the (8 s) handshake timeout");
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        sockets.add(s);
        return s;
    }

    /** Reads (and drops) what the server sends until it closes or {@code millis} pass. */
    private static boolean closedWithin(Socket s, int millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;   // reset
            }
        }
        return false;
    }
}
