package dev.muon.simulator.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Flow-stats multipart replies written by hand (the stored match and instructions are raw
 * bytes): one entry per flow, a new message whenever the next entry would take the message
 * past 64 KiB, every message but the last with OFPMPF_REPLY_MORE, as Open vSwitch splits them.
 * Counters are zero (no packets pass a simulated switch).
 */
final class FlowStatsReplies {
    private static final int ENTRY_FIXED = 48;
    private static final int MAX_MESSAGE = 0xffff;

    private final ByteBufAllocator alloc;
    private final int version;
    private final long xid;
    private final List<ByteBuf> messages = new ArrayList<>();
    private ByteBuf current;

    FlowStatsReplies(ByteBufAllocator alloc, int version, long xid) {
        this.alloc = alloc;
        this.version = version;
        this.xid = xid;
    }

    void add(FlowEntry e, long nowNanos) {
        int length = ENTRY_FIXED + e.match().paddedLength() + e.instructions().length();
        if (current == null || current.readableBytes() + length > MAX_MESSAGE) {
            start();
        }
        long age = Math.max(0, nowNanos - e.installedNanos());
        ByteBuf b = current;
        b.writeShort(length).writeByte(e.table()).writeByte(0);
        b.writeInt((int) (age / 1_000_000_000L)).writeInt((int) (age % 1_000_000_000L));
        b.writeShort(e.priority()).writeShort(0).writeShort(0).writeShort(e.flags());
        b.writeZero(4); // OF1.3: pad; OF1.4: importance (0) and pad
        b.writeLong(e.cookie()).writeLong(0).writeLong(0);
        e.match().writeTo(b);
        b.writeBytes(e.instructions().bytes());
    }

    /** The finished messages (at least one, possibly empty), lengths and MORE flags set. */
    List<ByteBuf> finish() {
        if (current == null) {
            start();
        }
        for (int i = 0; i < messages.size(); i++) {
            ByteBuf m = messages.get(i);
            m.setShort(2, m.readableBytes());
            m.setShort(10, i < messages.size() - 1 ? OfType.MULTIPART_REPLY_MORE : 0);
        }
        return messages;
    }

    private void start() {
        current = alloc.buffer(8192);
        current.writeByte(version).writeByte(OfType.MULTIPART_REPLY).writeShort(0).writeInt((int) xid);
        current.writeShort(OfType.MULTIPART_FLOW).writeShort(0).writeZero(4);
        messages.add(current);
    }

}
