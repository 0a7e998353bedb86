package dev.muon.ofdriver;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFConfigFlags;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One switch connection: HELLO and version negotiation, FEATURES (datapath id), SET_CONFIG
 * (full-length packet-ins), then routing of replies, errors and packet-ins. Keep-alive both
 * ways: echo requests are answered, an echo is sent every interval, and a switch from which
 * nothing has been heard for the timeout is dropped. Runs on the channel's event loop.
 */
final class SwitchChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SwitchChannelHandler.class);
    /** OFPCML_NO_BUFFER: send whole packets to the controller, unbuffered. */
    static final int MISS_SEND_LEN = 0xffff;

    private enum State { WAIT_HELLO, WAIT_FEATURES, READY }

    private final OpenFlowServer server;
    private final Duration echoInterval;
    private final Duration echoTimeout;
    private final PendingRequests pending = new PendingRequests();
    private State state = State.WAIT_HELLO;
    private OFFactory factory;
    private SwitchConnection conn;
    private long lastHeard = System.nanoTime();
    private ScheduledFuture<?> keepAlive;
    private ScheduledFuture<?> handshakeTimeout;

    SwitchChannelHandler(OpenFlowServer server, Duration echoInterval, Duration echoTimeout) {
        this.server = server;
        this.echoInterval = echoInterval;
        this.echoTimeout = echoTimeout;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        log.debug("{}: connected, sending HELLO", ctx.channel().remoteAddress());
        ctx.writeAndFlush(VersionNegotiation.hello(pending.allocate(1)));
        handshakeTimeout = ctx.executor().schedule(() -> {
            log.warn("{}: no handshake within {}, closing", ctx.channel().remoteAddress(), echoTimeout);
            ctx.close();
        }, echoTimeout.toMillis(), TimeUnit.MILLISECONDS);
        keepAlive = ctx.executor().scheduleAtFixedRate(() -> keepAlive(ctx),
                echoInterval.toMillis(), echoInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void keepAlive(ChannelHandlerContext ctx) {
        if (System.nanoTime() - lastHeard > echoTimeout.toNanos()) {
            log.warn("{}: no answer for {}, dropping the switch", name(ctx), echoTimeout);
            ctx.close();
        } else if (factory != null) {
            ctx.writeAndFlush(factory.buildEchoRequest().setXid(pending.allocate(1)).setData(new byte[0]).build());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastHeard = System.nanoTime();
        if (msg instanceof OFEchoRequest echo) {
            ctx.writeAndFlush(OFFactories.getFactory(echo.getVersion()).buildEchoReply()
                    .setXid(echo.getXid()).setData(echo.getData()).build());
        } else if (msg instanceof OFEchoReply) {
            // liveness only
        } else if (state == State.READY) {
            dispatch(ctx, msg);
        } else {
            handshake(ctx, msg);
        }
    }

    private void handshake(ChannelHandlerContext ctx, Object msg) {
        if (state == State.WAIT_HELLO && msg instanceof OFHello hello) {
            Optional<OFVersion> v = VersionNegotiation.negotiate(hello);
            if (v.isEmpty()) {
                log.warn("{}: no common OpenFlow version (switch offers {}), closing", ctx.channel().remoteAddress(), hello);
                OFFactory f = OFFactories.getFactory(VersionNegotiation.LOWEST);
                ctx.writeAndFlush(f.errorMsgs().buildHelloFailedErrorMsg().setXid(hello.getXid())
                        .setCode(OFHelloFailedCode.INCOMPATIBLE)
                        .setData(OFErrorCauseData.NONE).build()).addListener(x -> ctx.close());
                return;
            }
            factory = OFFactories.getFactory(v.get());
            state = State.WAIT_FEATURES;
            ctx.writeAndFlush(factory.buildFeaturesRequest().setXid(pending.allocate(1)).build());
        } else if (state == State.WAIT_FEATURES && msg instanceof OFFeaturesReply features) {
            handshakeTimeout.cancel(false);
            ctx.writeAndFlush(factory.buildSetConfig().setXid(pending.allocate(1))
                    .setFlags(EnumSet.noneOf(OFConfigFlags.class))
                    .setMissSendLen(MISS_SEND_LEN).build());
            conn = new SwitchConnection(ctx.channel(), factory, features.getDatapathId().getLong(), pending, server.completions());
            state = State.READY;
            log.info("switch {} connected from {} with {}", String.format("%016x", conn.datapathId()),
                    ctx.channel().remoteAddress(), factory.getVersion());
            server.switchReady(conn);
        } else if (msg instanceof OFErrorMsg err) {
            log.warn("{}: handshake failed: {}", ctx.channel().remoteAddress(), ErrorDecoder.decode(err).getMessage());
            ctx.close();
        } else {
            log.debug("{}: ignored during handshake: {}", ctx.channel().remoteAddress(), msg);
        }
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PacketIn packetIn) {
            server.packetIn(conn, packetIn);
        } else if (msg instanceof FlowStatsChunk chunk) {
            conn.onReply(chunk.xid(), chunk);
        } else if (msg instanceof OFErrorMsg err) {
            conn.onError(ErrorDecoder.decode(err));
        } else if (msg instanceof OpenFlowErrorException err) {
            conn.onError(err);
        } else if (msg instanceof OFBarrierReply || msg instanceof OFBundleCtrlMsg) {
            conn.onReply(((OFMessage) msg).getXid(), msg);
        } else if (msg instanceof OFPortStatus status) {
            log.debug("{}: port status {} {}", name(ctx), status.getReason(), status.getDesc().getName());
        } else {
            log.debug("{}: ignored {}", name(ctx), msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
        if (conn != null) {
            log.info("switch {} disconnected", String.format("%016x", conn.datapathId()));
            conn.onDisconnect();
            server.switchGone(conn);
        } else {
            log.debug("{}: closed before the handshake finished", ctx.channel().remoteAddress());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("{}: closing after error: {}", name(ctx), cause.toString());
        ctx.close();
    }

    private String name(ChannelHandlerContext ctx) {
        return conn != null ? String.format("switch %016x", conn.datapathId()) : String.valueOf(ctx.channel().remoteAddress());
    }
}
