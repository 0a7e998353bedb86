package dev.muon.ofdriver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U32;
import org.projectfloodlight.openflow.types.U64;

/**
 * A bridge's flow-stats replies byte for byte, read over ovs-vswitchd's management socket
 * ({@code <rundir>/<bridge>.mgmt}, the one ovs-ofctl uses) with OpenFlow 1.4: each flow as
 * "table priority cookie match instructions", the match and instructions in hex as OVS wrote
 * them. For comparing the simulator's dumps with Open vSwitch's below what the driver parses.
 */
final class OvsManagementDump {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_14);

    private OvsManagementDump() {
    }

    static Set<String> flows(Path mgmt) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(mgmt));
            write(ch, buf(F.buildHello().setXid(1).setElements(List.of(F.helloElemVersionbitmap(List.of(U32.of(1L << 5))))).build()));
            read(ch); // its HELLO
            ByteBuf request = Unpooled.buffer();
            F.buildFlowStatsRequest().setXid(2).setTableId(TableId.ALL).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY)
                    .setCookie(U64.ZERO).setCookieMask(U64.ZERO).setMatch(F.matchWildcardAll()).build().writeTo(request);
            write(ch, request);
            Set<String> out = new TreeSet<>();
            boolean more = true;
            while (more) {
                ByteBuf m = read(ch);
                if (m.getUnsignedByte(1) != 19 || m.getUnsignedInt(4) != 2) {
                    continue; // not the reply (an echo request, say)
                }
                more = (m.getUnsignedShort(10) & 1) != 0;
                for (int pos = 16; pos + 48 <= m.readableBytes(); pos += m.getUnsignedShort(pos)) {
                    out.add(entry(m, pos));
                }
            }
            return out;
        }
    }

    /** One flow-stats entry as "table priority cookie match instructions" (hex). */
    static String entry(ByteBuf m, int pos) {
        int length = m.getUnsignedShort(pos);
        int matchLength = (m.getUnsignedShort(pos + 48 + 2) + 7) / 8 * 8;
        return line(m.getUnsignedByte(pos + 2), m.getUnsignedShort(pos + 12), m.getLong(pos + 24),
                ByteBufUtil.getBytes(m, pos + 48, matchLength), ByteBufUtil.getBytes(m, pos + 48 + matchLength, length - 48 - matchLength));
    }

    static String line(int table, int priority, long cookie, byte[] match, byte[] instructions) {
        return String.format("table=%d priority=%d cookie=0x%x match=%s instructions=%s", table, priority, cookie,
                ByteBufUtil.hexDump(match), ByteBufUtil.hexDump(instructions));
    }

    private static ByteBuf buf(org.projectfloodlight.openflow.protocol.OFMessage m) {
        ByteBuf b = Unpooled.buffer();
        m.writeTo(b);
        return b;
    }

    private static void write(SocketChannel ch, ByteBuf b) throws IOException {
        ByteBuffer nio = b.nioBuffer();
        while (nio.hasRemaining()) {
            ch.write(nio);
        }
    }

    private static ByteBuf read(SocketChannel ch) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(8);
        readFully(ch, header);
        int length = header.getShort(2) & 0xffff;
        ByteBuffer all = ByteBuffer.allocate(length);
        all.put(header.array());
        readFully(ch, all);
        return Unpooled.wrappedBuffer(all.array());
    }

    private static void readFully(SocketChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("management socket closed");
            }
        }
    }
}
