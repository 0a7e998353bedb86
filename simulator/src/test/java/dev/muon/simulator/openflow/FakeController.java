package dev.muon.simulator.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;

/**
 * The controller's end of a connection, blocking and minimal, for tests of the switch's side:
 * accepts one connection at a time, sends and reads whole messages.
 */
final class FakeController implements AutoCloseable {
    static final OFFactory F = OFFactories.getFactory(OFVersion.OF_14);

    private final ServerSocket server;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    FakeController() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Accepts the switch, exchanges HELLOs (offering {@code versionBits}) and asks for its features. */
    OFFeaturesReply accept(long versionBits) throws IOException {
        socket = server.accept();
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        OFMessage m = loxi(read());
        if (!(m instanceof OFHello hello)) {
            throw new IOException("expected HELLO, got " + m);
        }
        send(F.buildHello().setXid(1).setElements(List.of(F.helloElemVersionbitmap(List.of(U32.of(versionBits))))).build());
        long common = versionBits & ((OFHelloElemVersionbitmap) hello.getElements().get(0)).getBitmaps().get(0).getValue();
        OFFactory negotiated = (common & 1L << 5) != 0 ? F : OFFactories.getFactory(OFVersion.OF_13);
        send(negotiated.buildFeaturesRequest().setXid(2).build());
        return (OFFeaturesReply) loxi(read());
    }

    void send(OFMessage m) throws IOException {
        ByteBuf b = Unpooled.buffer();
        m.writeTo(b);
        send(b);
    }

    void send(ByteBuf b) throws IOException {
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.write(bytes);
        out.flush();
    }

    /** The next whole message. */
    ByteBuf read() throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        int length = (header[2] & 0xff) << 8 | (header[3] & 0xff);
        byte[] all = new byte[length];
        System.arraycopy(header, 0, all, 0, 8);
        in.readFully(all, 8, length - 8);
        return Unpooled.wrappedBuffer(all);
    }

    static OFMessage loxi(ByteBuf b) {
        try {
            return OFFactories.getGenericReader().readFrom(b);
        } catch (Exception e) {
            throw new AssertionError("unreadable message", e);
        }
    }

    void dropConnection() throws IOException {
        socket.close();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        server.close();
    }
}
