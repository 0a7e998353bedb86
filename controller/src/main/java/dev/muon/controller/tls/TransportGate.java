package dev.muon.controller.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.OptionalSslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The first handler of a secured connection. It puts the TLS handler in front of itself (with
 * plain TCP allowed, Netty's OptionalSslHandler, which tells a TLS peer from a plain one by its
 * first bytes) and holds channelActive back from the protocol behind it until the transport is
 * settled: the TLS handshake succeeded, with a client certificate (the CA check is the TLS
 * layer's), or a plain peer was accepted. So the controller's first message (OpenFlow HELLO,
 * OVSDB get_schema) never goes out before, or in the clear to a TLS peer. A handshake that
 * fails is logged (rate-limited) and the connection closed; the protocol never hears of it.
 */
final class TransportGate extends ChannelInboundHandlerAdapter {
    /**
     * With plain TCP allowed: a peer that has sent nothing this long after connecting is taken as
     * plain (a TLS client speaks first, at once; ovsdb-server as a plain client waits for us).
     */
    static final Duration PLAIN_PEER_SILENCE = Duration.ofSeconds(1);
    /** Failure messages can carry a hex dump of what the peer sent; the log gets this much. */
    private static final int MAX_REASON = 160;

    private final SslContext context;
    private final boolean allowPlain;
    private final PeerWarnings warnings;
    private boolean open;
    private ScheduledFuture<?> silence;

    TransportGate(SslContext context, boolean allowPlain, PeerWarnings warnings) {
        this.context = context;
        this.allowPlain = allowPlain;
        this.warnings = warnings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.pipeline().addBefore(ctx.name(), "ssl",
                allowPlain ? new OptionalSslHandler(context) : context.newHandler(ctx.alloc()));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (open) {
            ctx.fireChannelActive();
        } else if (allowPlain) {
            silence = ctx.executor().schedule(() -> {
                if (!open && ctx.channel().isActive() && ctx.pipeline().get(OptionalSslHandler.class) != null) {
                    ctx.pipeline().remove(OptionalSslHandler.class);   // hands on any first bytes, which opens us
                    if (!open) {
                        openTo(ctx);
                    }
                }
            }, PLAIN_PEER_SILENCE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent handshake && !open) {
            if (handshake.isSuccess() && hasPeerCertificate(ctx)) {
                openTo(ctx);
            } else {
                warnings.warn("refused " + ctx.channel().remoteAddress() + " on " + ctx.channel().localAddress()
                        + ": TLS handshake failed: " + reason(handshake.cause()));
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (open) {
            ctx.fireChannelRead(msg);
        } else if (allowPlain && ctx.pipeline().get(SslHandler.class) == null) {
            // OptionalSslHandler saw a plain peer, stepped aside and handed us its first bytes
            openTo(ctx);
            ctx.fireChannelRead(msg);
        } else {
            ReferenceCountUtil.release(msg);   // a TLS handler delivers nothing before its handshake
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (open) {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (silence != null) {
            silence.cancel(false);
        }
        if (open) {
            ctx.fireChannelInactive();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (open) {
            ctx.fireExceptionCaught(cause);
        } else {
            ctx.close();   // the handshake's failure is reported by its completion event
        }
    }

    private void openTo(ChannelHandlerContext ctx) {
        open = true;
        if (silence != null) {
            silence.cancel(false);
        }
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }

    /** ClientAuth.REQUIRE makes this so; checked again because an unnamed peer must never pass as plain. */
    private static boolean hasPeerCertificate(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            return ssl != null && ssl.engine().getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }

    private static String reason(Throwable cause) {
        Throwable t = cause;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String s = t.getClass().getSimpleName() + ": " + t.getMessage();
        return s.length() > MAX_REASON ? s.substring(0, MAX_REASON) + "…" : s;
    }
}
