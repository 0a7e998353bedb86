package dev.muon.ofdriver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * A bare OpenFlow 1.4 connection to a switch, below the driver: to ovs-vswitchd over a bridge's
 * management socket ({@code <rundir>/<bridge>.mgmt}, the one ovs-ofctl uses), or to a simulated
 * switch that connected to a port this side listens on. Sends any message (the driver would
 * refuse to build some), reports the errors it gets back, and dumps flows byte for byte.
 */
final class RawOpenFlow implements AutoCloseable {
    static final OFFactory F = OFFactories.getFactory(OFVersion.OF_14);

    private final SocketChannel ch;
    private long nextXid = 1000;

    private RawOpenFlow(SocketChannel ch) throws IOException {
        this.ch = ch;
        send(F.buildHello().setXid(1).setElements(List.of(F.helloElemVersionbitmap(List.of(U32.of(1L << 5))))).build());
        read(); // the switch's HELLO
    }

    /** To Open vSwitch through a bridge's management socket. */
    static RawOpenFlow unix(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
        return new RawOpenFlow(ch);
    }

    /** A listening socket for a simulated switch to connect to. */
    static ServerSocketChannel listen() throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    /** The switch that connects to {@code server}. */
    static RawOpenFlow accept(ServerSocketChannel server) throws IOException {
        return new RawOpenFlow(server.accept());
    }

    long xid() {
        return nextXid++;
    }

    void send(OFMessage m) throws IOException {
        ByteBuf b = Unpooled.buffer();
        m.writeTo(b);
        ByteBuffer nio = b.nioBuffer();
        while (nio.hasRemaining()) {
            ch.write(nio);
        }
    }

    /**
     * Sends the messages, then a barrier; returns what came back before the barrier's reply,
     * one line per message: errors as "xid error type/code" (the experimenter too for OVS's own),
     * bundle control replies as "xid bundle TYPE".
     */
    List<String> exchange(List<OFMessage> messages) throws IOException {
        for (OFMessage m : messages) {
            send(m);
        }
        long barrier = xid();
        send(F.buildBarrierRequest().setXid(barrier).build());
        List<String> out = new ArrayList<>();
        while (true) {
            ByteBuf m = read();
            int type = m.getUnsignedByte(1);
            long xid = m.getUnsignedInt(4);
            if (type == 21 && xid == barrier) {
                return out;
            } else if (type == 1) {
                int errType = m.getUnsignedShort(8);
                out.add(xid + " error " + errType + "/" + m.getUnsignedShort(10)
                        + (errType == 0xffff ? "/" + Long.toHexString(m.getUnsignedInt(12)) : ""));
            } else if (type == 33) {
                out.add(xid + " bundle " + m.getUnsignedShort(12));
            } else if (type == 2) {
                ByteBuf reply = m.copy();
                reply.setByte(1, 3);
                ByteBuffer nio = reply.nioBuffer();
                while (nio.hasRemaining()) {
                    ch.write(nio);
                }
            }
        }
    }

    /** Every flow as "table priority cookie match instructions flags", match and instructions in hex as the switch wrote them. */
    Set<String> dumpFlows() throws IOException {
        long xid = xid();
        send(F.buildFlowStatsRequest().setXid(xid).setTableId(TableId.ALL).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY)
                .setCookie(U64.ZERO).setCookieMask(U64.ZERO).setMatch(F.matchWildcardAll()).build());
        Set<String> out = new TreeSet<>();
        boolean more = true;
        while (more) {
            ByteBuf m = read();
            if (m.getUnsignedByte(1) != 19 || m.getUnsignedInt(4) != xid) {
                continue; // not the reply (an echo request, say)
            }
            more = (m.getUnsignedShort(10) & 1) != 0;
            for (int pos = 16; pos + 48 <= m.readableBytes(); pos += m.getUnsignedShort(pos)) {
                int length = m.getUnsignedShort(pos);
                int matchLength = (m.getUnsignedShort(pos + 48 + 2) + 7) / 8 * 8;
                out.add(line(m.getUnsignedByte(pos + 2), m.getUnsignedShort(pos + 12), m.getLong(pos + 24),
                        ByteBufUtil.getBytes(m, pos + 48, matchLength),
                        ByteBufUtil.getBytes(m, pos + 48 + matchLength, length - 48 - matchLength))
                        + " flags=0x" + Integer.toHexString(m.getUnsignedShort(pos + 18)));
            }
        }
        return out;
    }

    static String line(int table, int priority, long cookie, byte[] match, byte[] instructions) {
        return String.format("table=%d priority=%d cookie=0x%x match=%s instructions=%s", table, priority, cookie,
                ByteBufUtil.hexDump(match), ByteBufUtil.hexDump(instructions));
    }

    private ByteBuf read() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8);
        readFully(header);
        int length = header.getShort(2) & 0xffff;
        ByteBuffer all = ByteBuffer.allocate(length);
        all.put(header.array());
        readFully(all);
        return Unpooled.wrappedBuffer(all.array());
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("connection closed");
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
