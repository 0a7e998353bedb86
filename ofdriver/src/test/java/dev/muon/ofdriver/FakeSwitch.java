package dev.muon.ofdriver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.U32;

/**
 * A scripted OpenFlow switch on a plain socket, for protocol tests that need to misbehave
 * in ways Open vSwitch will not (silence, chosen errors). It answers HELLO, FEATURES and
 * (optionally) echoes itself and queues everything else for the test.
 */
final class FakeSwitch implements AutoCloseable {
    final OFFactory f;
    private final long dpid;
    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<OFMessage> received = new LinkedBlockingQueue<>();
    private volatile boolean answerEchoes = true;
    private final Thread reader;

    FakeSwitch(int port, OFVersion version, long dpid) throws IOException {
        this.f = OFFactories.getFactory(version);
        this.dpid = dpid;
        this.socket = new Socket("127.0.0.1", port);
        this.out = socket.getOutputStream();
        long bitmap = 1L << version.getWireVersion();
        send(f.buildHello().setXid(1).setElements(List.of(f.helloElemVersionbitmap(List.of(U32.of(bitmap))))).build());
        reader = new Thread(this::readLoop, "fake-switch-" + Long.toHexString(dpid));
        reader.setDaemon(true);
        reader.start();
    }

    void answerEchoes(boolean yes) {
        answerEchoes = yes;
    }

    synchronized void send(OFMessage msg) {
        ByteBuf b = Unpooled.buffer();
        msg.writeTo(b);
        sendRaw(b);
    }

    synchronized void sendRaw(ByteBuf b) {
        try {
            out.write(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes());
            out.flush();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** The next message of the given type (others received before it are skipped). */
    <T extends OFMessage> T expect(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            OFMessage m = received.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " received");
    }

    /** The next message other than an echo (the driver's keep-alives come at any time). */
    OFMessage nextIgnoringEchoes() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            OFMessage m = received.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && !(m instanceof OFEchoRequest)) {
                return m;
            }
        }
        throw new AssertionError("no message received");
    }

    boolean isClosedByPeer() {
        return !reader.isAlive();
    }

    private void readLoop() {
        try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
            byte[] header = new byte[8];
            while (true) {
                in.readFully(header);
                int length = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                byte[] msg = new byte[length];
                System.arraycopy(header, 0, msg, 0, 8);
                in.readFully(msg, 8, length - 8);
                OFMessage m = OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(msg));
                if (m instanceof OFFeaturesRequest) {
                    send(f.buildFeaturesReply().setXid(m.getXid()).setDatapathId(DatapathId.of(dpid)).setNTables((short) 254).build());
                } else if (m instanceof OFEchoRequest echo && answerEchoes) {
                    send(f.buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build());
                }
                received.add(m);
            }
        } catch (Exception e) {
            // connection closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
