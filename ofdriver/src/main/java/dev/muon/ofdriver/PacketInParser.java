package dev.muon.ofdriver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Decodes an OpenFlow 1.3/1.4 PACKET_IN. Its match carries whatever pipeline fields Open
 * vSwitch has set (registers, conntrack, tunnel metadata), which Loxi may not know; only
 * in_port is needed, so the OXMs are walked here rather than failing the whole packet-in.
 */
final class PacketInParser {
    static final int PACKET_IN = 10;
    private static final int OXM_CLASS_OPENFLOW_BASIC = 0x8000;
    private static final int OXM_FIELD_IN_PORT = 0;

    private PacketInParser() {
    }

    static PacketIn parse(ByteBuf frame) {
        int start = frame.readerIndex();
        int end = start + frame.getUnsignedShort(start + 2);
        PacketIn.Reason reason = PacketIn.Reason.ofWire(frame.getUnsignedByte(start + 14));
        int tableId = frame.getUnsignedByte(start + 15);
        long cookie = frame.getLong(start + 16);
        int matchAt = start + 24;
        int matchLength = frame.getUnsignedShort(matchAt + 2);
        int inPort = OpenFlowPorts.ANY;
        for (int p = matchAt + 4; p + 4 <= matchAt + matchLength; p += 4 + frame.getUnsignedByte(p + 3)) {
            int header = frame.getInt(p);
            if (header >>> 16 == OXM_CLASS_OPENFLOW_BASIC && (header >>> 9 & 0x7f) == OXM_FIELD_IN_PORT) {
                inPort = frame.getInt(p + 4);
            }
        }
        int dataAt = matchAt + (matchLength + 7) / 8 * 8 + 2; // match padding, then 2 bytes pad
        byte[] data = dataAt < end ? ByteBufUtil.getBytes(frame, dataAt, end - dataAt) : new byte[0];
        return new PacketIn(inPort, reason, tableId, cookie, data);
    }
}
