package dev.muon.controller.tls;

import io.netty.channel.ChannelHandler;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/** Makes the first handler of each OpenFlow or OVSDB connection: TLS (or, if allowed, plain TCP) and its gate. */
public final class TlsTransport implements Supplier<ChannelHandler> {
    private final SslContext context;
    private final boolean allowPlain;
    private final PeerWarnings warnings;

    TlsTransport(SslContext context, boolean allowPlain, PeerWarnings warnings) {
        this.context = context;
        this.allowPlain = allowPlain;
        this.warnings = warnings;
    }

    @Override
    public ChannelHandler get() {
        return new TransportGate(context, allowPlain, warnings);
    }
}
