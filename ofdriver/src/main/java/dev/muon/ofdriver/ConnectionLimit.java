package dev.muon.ofdriver;

import dev.muon.pipeline.node.ConnectionCount;
import io.netty.channel.Channel;
import org.slf4j.Logger;

/**
 * The bound on a listener's connections: thousands of idle or slow peers must not take every
 * file descriptor and buffer. A connection over the bound is closed as it is accepted.
 */
final class ConnectionLimit {
    private final ConnectionCount count = new ConnectionCount();

    /** Admits {@code ch} (its place given back when it closes) if fewer than {@code max} are open, else closes it. */
    boolean admit(Channel ch, int max, Logger log) {
        if (!count.tryTake(max)) {
            PeerWarnings.warn(log, "{}: {} connections already open, the most allowed; closing{}", ch.remoteAddress(),
                    count.open());
            ch.close();
            return false;
        }
        ch.closeFuture().addListener(f -> count.giveBack());
        return true;
    }
}
