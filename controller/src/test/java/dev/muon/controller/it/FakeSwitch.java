package dev.muon.controller.it;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * An OpenFlow 1.3 switch played by hand over TLS (with a client certificate) or plain TCP: it
 * says HELLO, answers FEATURES_REQUEST with a datapath id of its choosing, then records which
 * messages the controller sends until it closes the connection.
 */
final class FakeSwitch implements AutoCloseable {
    static final int HELLO = 0;
    static final int ECHO_REQUEST = 2;
    static final int FEATURES_REQUEST = 5;
    static final int SET_CONFIG = 9;
    private static final int VERSION_13 = 4;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private FakeSwitch(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(30_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Over TLS, authenticated by {@code key}/{@code cert}, trusting the controller's CA. */
    static FakeSwitch tls(int port, Path key, Path cert, Path controllerCa) throws IOException {
        JdkSslContext context = (JdkSslContext) SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .keyManager(cert.toFile(), key.toFile()).trustManager(controllerCa.toFile()).build();
        SSLSocket s = (SSLSocket) context.context().getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new FakeSwitch(s);
    }

    static FakeSwitch plain(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new FakeSwitch(s);
    }

    /** HELLO, then FEATURES_REPLY with {@code datapathId} to the controller's FEATURES_REQUEST. */
    void handshake(long datapathId) throws IOException {
        send(HELLO, 1, new byte[0]);
        int xid = awaitType(FEATURES_REQUEST);
        ByteBuffer features = ByteBuffer.allocate(24);
        features.putLong(datapathId).putInt(0).put((byte) 254).put((byte) 0).putShort((short) 0).putInt(0x4f).putInt(0);
        send(6, xid, features.array());
    }

    /** The types of the messages the controller sends from now until it closes the connection. */
    List<Integer> typesUntilClosed() throws IOException {
        List<Integer> types = new ArrayList<>();
        try {
            while (true) {
                types.add(readMessage()[1]);
            }
        } catch (EOFException | javax.net.ssl.SSLException | java.net.SocketException e) {
            return types;
        }
    }

    /** Reads messages until one of {@code type}; its xid. */
    int awaitType(int type) throws IOException {
        while (true) {
            int[] m = readMessage();
            if (m[1] == type) {
                return m[2];
            }
        }
    }

    /** {version, type, xid}; the body is skipped. */
    private int[] readMessage() throws IOException {
        int version = in.readUnsignedByte();
        int type = in.readUnsignedByte();
        int length = in.readUnsignedShort();
        int xid = in.readInt();
        in.skipNBytes(length - 8);
        return new int[] {version, type, xid};
    }

    private void send(int type, int xid, byte[] body) throws IOException {
        ByteBuffer m = ByteBuffer.allocate(8 + body.length);
        m.put((byte) VERSION_13).put((byte) type).putShort((short) (8 + body.length)).putInt(xid).put(body);
        out.write(m.array());
        out.flush();
    }

    InputStream input() {
        return in;
    }

    OutputStream output() {
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
