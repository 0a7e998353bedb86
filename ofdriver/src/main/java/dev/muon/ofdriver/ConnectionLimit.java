package dev.muon.ofdriver;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import org.slf4j.Logger;

/**
 * The bound on a listener's connections: thousands of idle or slow peers must not take every
 * file descriptor and buffer. A connection over the bound is closed as it is accepted.
 */
final class ConnectionLimit {
    private ConnectionLimit() {
    }

    /** Adds {@code ch} to {@code open} if fewer than {@code max} are open, else closes it. */
    static boolean admit(ChannelGroup open, Channel ch, int max, Logger log) {
        if (open.size() >= max) {
            PeerWarnings.warn(log, "{}: {} connections already open, the most allowed; closing{}", ch.remoteAddress(),
                    open.size());
            ch.close();
            return false;
        }
        open.add(ch);
        return true;
    }
}
