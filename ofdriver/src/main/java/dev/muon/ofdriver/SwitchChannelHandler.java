package dev.muon.ofdriver;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFAsyncSet;
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
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One switch connection: HELLO and version negotiation, FEATURES (datapath id), SET_CONFIG
 * (full-length packet-ins), SET_ASYNC (invalid-TTL packet-ins too), then routing of replies,
 * errors and packet-ins. Keep-alive both ways: echo requests are answered, an echo is sent
 * every interval, and a switch from which nothing has been heard for the timeout is dropped.
 * Runs on the channel's event loop.
 */
final class SwitchChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SwitchChannelHandler.class);
    /** OFPCML_NO_BUFFER: send whole packets to the controller, unbuffered. */
    static final int MISS_SEND_LEN = 0xffff;
    /** Packet-in reasons for the master/equal role: no match, action, invalid TTL. */
    static final long PACKET_IN_REASONS_13 = 0x7;
    /** The same on 1.4, with its refinements of action: action set, group, packet-out. */
    static final long PACKET_IN_REASONS_14 = 0x3f;
    /** Port added, deleted, modified: OVS's default for every role. */
    static final long PORT_STATUS_REASONS = 0x7;
    /** Idle and hard timeout, delete, group delete: OVS's 1.3 default for the master/equal role. */
    static final long FLOW_REMOVED_REASONS_13 = 0xf;

    private enum State { WAIT_HELLO, WAIT_FEATURES, READY, REFUSED }

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
    /** Packet-ins of the current read, handed to the listener together when it completes. */
    private List<PacketIn> packetIns = new ArrayList<>();

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
            PeerWarnings.warn(log, "{}: no handshake within {}, closing{}", ctx.channel().remoteAddress(), echoTimeout);
            ctx.close();
        }, echoTimeout.toMillis(), TimeUnit.MILLISECONDS);
        keepAlive = ctx.executor().scheduleAtFixedRate(() -> keepAlive(ctx),
                echoInterval.toMillis(), echoInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void keepAlive(ChannelHandlerContext ctx) {
        if (System.nanoTime() - lastHeard > echoTimeout.toNanos()) {
            PeerWarnings.warn(log, "{}: no answer for {}, dropping the switch{}", name(ctx), echoTimeout);
            ctx.close();
        } else if (factory != null) {
            ctx.writeAndFlush(factory.buildEchoRequest().setXid(pending.allocate(1)).setData(new byte[0]).build());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (factory != null && msg instanceof OFMessage m && m.getVersion() != factory.getVersion()) {
            PeerWarnings.warn(log, "{}: sent OpenFlow {} on a {} connection, closing{}", name(ctx), m.getVersion(),
                    factory.getVersion());
            ctx.close();
            return;
        }
        lastHeard = System.nanoTime();
        if (msg instanceof OFEchoRequest echo) {
            ctx.writeAndFlush(OFFactories.getFactory(echo.getVersion()).buildEchoReply()
                    .setXid(echo.getXid()).setData(echo.getData()).build());
        } else if (msg instanceof OFEchoReply) {
            // liveness only
        } else if (state == State.READY) {
            dispatch(ctx, msg);
        } else if (state == State.REFUSED) {
            return;   // closing
        } else {
            handshake(ctx, msg);
        }
    }

    private void handshake(ChannelHandlerContext ctx, Object msg) {
        if (state == State.WAIT_HELLO && msg instanceof OFHello hello) {
            Optional<OFVersion> v = VersionNegotiation.negotiate(hello);
            if (v.isEmpty()) {
                PeerWarnings.warn(log, "{}: no common OpenFlow version (switch offers {}), closing{}",
                        ctx.channel().remoteAddress(), hello.getVersion());
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
            SwitchConnection candidate = new SwitchConnection(ctx.channel(), factory, features.getDatapathId().getLong(),
                    pending, server.completions());
            if (!server.admit(candidate)) {
                state = State.REFUSED;
                ctx.close();
                return;
            }
            ctx.writeAndFlush(factory.buildSetConfig().setXid(pending.allocate(1))
                    .setFlags(EnumSet.noneOf(OFConfigFlags.class))
                    .setMissSendLen(MISS_SEND_LEN).build());
            ctx.writeAndFlush(asyncConfig(factory, pending.allocate(1)));
            conn = candidate;
            state = State.READY;
            log.info("switch {} connected from {} with {}", String.format("%016x", conn.datapathId()),
                    ctx.channel().remoteAddress(), factory.getVersion());
            server.switchReady(conn);
        } else if (msg instanceof OFErrorMsg err) {
            PeerWarnings.warn(log, "{}: handshake failed: {}{}", ctx.channel().remoteAddress(),
                    ErrorDecoder.decode(err).getMessage());
            ctx.close();
        } else {
            log.debug("{}: ignored during handshake: {}", ctx.channel().remoteAddress(), msg);
        }
    }

    /**
     * SET_ASYNC: packet-ins for invalid TTL too. Open vSwitch leaves OFPR_INVALID_TTL out of
     * its default (ofputil_async_cfg_default), so a {@code dec_ttl} at TTL 1 would drop the
     * packet silently and the controller could not answer ICMP Time Exceeded. On 1.4 only the
     * master packet-in property is sent; OVS keeps its defaults for the rest. The 1.3 message
     * replaces every mask, so it restates OVS's defaults for port status and flow removed (OVS
     * reports 1.4's action-set/group/packet-out reasons to a 1.3 connection as action, so the
     * 1.3 mask loses none of them; InvalidTtlPacketInIT checks both versions).
     */
    static OFAsyncSet asyncConfig(OFFactory factory, long xid) {
        if (factory.getVersion() == OFVersion.OF_13) {
            return factory.buildAsyncSet().setXid(xid)
                    .setPacketInMaskEqualMaster(PACKET_IN_REASONS_13).setPacketInMaskSlave(0)
                    .setPortStatusMaskEqualMaster(PORT_STATUS_REASONS).setPortStatusMaskSlave(PORT_STATUS_REASONS)
                    .setFlowRemovedMaskEqualMaster(FLOW_REMOVED_REASONS_13).setFlowRemovedMaskSlave(0)
                    .build();
        }
        return factory.buildAsyncSet().setXid(xid)
                .setProperties(List.of(factory.asyncConfigPropPacketInMaster(PACKET_IN_REASONS_14)))
                .build();
    }

    private void dispatch(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PacketIn packetIn) {
            packetIns.add(packetIn);
        } else if (msg instanceof FlowStatsChunk chunk) {
            conn.onReply(chunk.xid(), chunk);
        } else if (msg instanceof OFErrorMsg err) {
            conn.onError(ErrorDecoder.decode(err));
        } else if (msg instanceof OpenFlowErrorException err) {
            conn.onError(err);
        } else if (msg instanceof OFBarrierReply || msg instanceof OFBundleCtrlMsg || msg instanceof OFStatsReply
                || msg instanceof OFRoleReply) {
            conn.onReply(((OFMessage) msg).getXid(), msg);
        } else if (msg instanceof OFPortStatus status) {
            log.debug("{}: port status {} {}", name(ctx), status.getReason(), status.getDesc().getName());
        } else {
            log.debug("{}: ignored {}", name(ctx), msg);
        }
    }

    /**
     * The end of one read from the socket: its packet-ins go to the listener as one event, so a
     * burst (a flood of DHCP requests) costs one hand-over between threads, not one per packet.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!packetIns.isEmpty()) {
            server.packetIns(conn, packetIns);
            packetIns = new ArrayList<>();
        }
        ctx.fireChannelReadComplete();
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
        PeerWarnings.warn(log, "{}: closing after error: {}{}", name(ctx), cause.toString());
        ctx.close();
    }

    private String name(ChannelHandlerContext ctx) {
        return conn != null ? String.format("switch %016x", conn.datapathId()) : String.valueOf(ctx.channel().remoteAddress());
    }
}
