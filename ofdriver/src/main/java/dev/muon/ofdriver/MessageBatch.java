package dev.muon.ofdriver;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Many messages encoded into a few large buffers on the caller's thread, then written with
 * a single flush: one write task per 64 KiB instead of one per flow-mod, and no encoding
 * work on the event loop. Nothing is written until {@link #send}, so a flow that fails to
 * encode leaves the switch untouched.
 */
final class MessageBatch {
    private static final int CHUNK = 64 * 1024;

    private final ByteBufAllocator alloc;
    private final List<ByteBuf> chunks = new ArrayList<>();
    private ByteBuf current;

    MessageBatch(ByteBufAllocator alloc) {
        this.alloc = alloc;
    }

    void add(OFMessage msg) {
        if (current == null || current.writerIndex() >= CHUNK - 1024) {
            current = alloc.buffer(CHUNK);
            chunks.add(current);
        }
        msg.writeTo(current);
    }

    /** Writes everything and flushes once; the buffers then belong to the channel. */
    void send(Channel channel) {
        for (ByteBuf b : chunks) {
            channel.write(b, channel.voidPromise());
        }
        chunks.clear();
        current = null;
        channel.flush();
    }

    /** Frees the buffers of a batch that will not be sent. */
    void release() {
        chunks.forEach(ByteBuf::release);
        chunks.clear();
        current = null;
    }
}
