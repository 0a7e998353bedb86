package dev.muon.simulator.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlMsg;
import org.projectfloodlight.openflow.protocol.OFBundleCtrlType;
import org.projectfloodlight.openflow.protocol.OFCapabilities;
import org.projectfloodlight.openflow.protocol.OFConfigFlags;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFMeterBandType;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFMeterConfigStatsRequest;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.protocol.OFSetConfig;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.U32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to the controller, as ovs-vswitchd's side of it: HELLO with a version bitmap
 * (1.3, 1.4), then answers to what the controller sends. Flow-mods, bundle adds and flow-stats
 * requests are decoded by hand (their Nicira fields and actions are beyond Loxi); the rest
 * through Loxi. Replies are flushed once per read. Also probes an idle controller with echo
 * requests and drops one that stays silent, as OVS's inactivity probe does. Runs on the
 * switch's event loop, where all of the switch's state lives.
 */
final class ControllerSession extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ControllerSession.class);
    private static final OFMessageReader<OFMessage> READER = OFFactories.getGenericReader();
    private static final long PROBE_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final SimulatedSwitch sw;
    private final SessionBundles bundles;
    private OFFactory factory;
    private int version;
    /** The versions this connection's HELLO offered: what it negotiates from, whatever changes later. */
    private long offered;
    private Set<OFConfigFlags> configFlags = EnumSet.noneOf(OFConfigFlags.class);
    private int missSendLen = 128;
    private long lastHeard = System.nanoTime();
    private boolean probing;
    private ScheduledFuture<?> probe;
    private ChannelHandlerContext ctx;

    ControllerSession(SimulatedSwitch sw) {
        this.sw = sw;
        this.bundles = new SessionBundles(sw, (error, xid) -> error(error, xid, null));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long bitmap = offered = sw.versionBitmap();
        OFFactory highest = OFFactories.getFactory((bitmap & 1L << OfType.OF14) != 0 ? OFVersion.OF_14 : OFVersion.OF_13);
        write(highest.buildHello().setXid(0).setElements(List.of(highest.helloElemVersionbitmap(List.of(U32.of(bitmap))))).build());
        ctx.flush();
        probe = ctx.executor().scheduleAtFixedRate(this::probe, 1, 1, TimeUnit.SECONDS);
    }

    private void probe() {
        long idle = System.nanoTime() - lastHeard;
        if (idle > 2 * PROBE_NANOS) {
            log.info("switch {}: controller silent for {} s, reconnecting", sw.name(), idle / 1_000_000_000L);
            ctx.close();
        } else if (idle > PROBE_NANOS && !probing && factory != null) {
            probing = true;
            write(factory.buildEchoRequest().setXid(0).setData(new byte[0]).build());
            ctx.flush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (probe != null) {
            probe.cancel(false);
        }
        bundles.clear(); // OVS discards a connection's open bundles with it
        sw.sessionEnded(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("switch {}: closing the controller connection after {}", sw.name(), cause.toString());
        ctx.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            lastHeard = System.nanoTime();
            probing = false;
            int type = frame.getUnsignedByte(frame.readerIndex() + 1);
            long xid = frame.getUnsignedInt(frame.readerIndex() + 4);
            try {
                if (factory == null) {
                    hello(frame);
                } else {
                    message(frame, type, xid);
                }
            } catch (OfError e) {
                log.debug("switch {}: refused xid {}: {}", sw.name(), xid, e.toString());
                error(e, xid, frame);
            }
        } finally {
            ReferenceCountUtil.release(frame);
        }
    }

    private void hello(ByteBuf frame) {
        OFMessage m;
        try {
            m = READER.readFrom(frame.duplicate());
        } catch (Exception e) {
            throw OfError.badLen("unreadable HELLO: " + e);
        }
        if (!(m instanceof OFHello hello)) {
            return;
        }
        int common = commonVersion(hello, offered);
        if (common == 0) {
            OfError e = new OfError(0, 0, "no common version with " + hello);
            error(e, hello.getXid(), null);
            ctx.flush();
            ctx.close();
            return;
        }
        version = common;
        factory = OFFactories.getFactory(common == OfType.OF14 ? OFVersion.OF_14 : OFVersion.OF_13);
        sw.sessionReady(this);
    }

    /** The highest version both offer (the bitmaps, or without one the lower header version). */
    private static int commonVersion(OFHello hello, long ours) {
        long theirs = 0;
        for (OFHelloElem e : hello.getElements()) {
            if (e instanceof OFHelloElemVersionbitmap b && !b.getBitmaps().isEmpty()) {
                theirs = b.getBitmaps().get(0).getValue();
            }
        }
        if (theirs == 0) {
            theirs = (1L << (hello.getVersion().getWireVersion() + 1)) - 1; // every version up to theirs
        }
        long common = theirs & ours;
        return (common & 1L << OfType.OF14) != 0 ? OfType.OF14 : (common & 1L << OfType.OF13) != 0 ? OfType.OF13 : 0;
    }

    private void message(ByteBuf frame, int type, long xid) {
        if (frame.getUnsignedByte(frame.readerIndex()) != version && type != 0) {
            throw new OfError(OfError.BAD_REQUEST, 0, "version " + frame.getUnsignedByte(frame.readerIndex()));
        }
        switch (type) {
            case 0, 3 -> { } // hello again, echo reply: liveness only
            case 2 -> { // echo request: the same message back as a reply
                ByteBuf reply = frame.retainedDuplicate();
                reply.setByte(reply.readerIndex() + 1, 3);
                ctx.write(reply, ctx.voidPromise());
            }
            case OfType.FLOW_MOD -> flowMod(frame);
            case OfType.BUNDLE_ADD -> bundles.add(frame, xid, version);
            case OfType.MULTIPART_REQUEST -> {
                if (frame.getUnsignedShort(frame.readerIndex() + 8) == OfType.MULTIPART_FLOW) {
                    flowStats(frame, xid);
                } else {
                    loxi(frame, xid);
                }
            }
            case 13 -> packetOut(frame);
            case 28 -> { } // set_async: the simulator sends no asynchronous messages but port status
            default -> loxi(frame, xid);
        }
    }

    private void loxi(ByteBuf frame, long xid) {
        OFMessage m;
        try {
            m = READER.readFrom(frame.duplicate());
        } catch (Exception e) {
            throw OfError.badLen("unreadable message: " + e);
        }
        if (m == null) {
            throw OfError.badType("unknown message");
        }
        switch (m.getType()) {
            case FEATURES_REQUEST -> write(factory.buildFeaturesReply().setXid(xid)
                    .setDatapathId(org.projectfloodlight.openflow.types.DatapathId.of(sw.datapathId()))
                    .setNBuffers(0).setNTables((short) 254)
                    .setCapabilities(EnumSet.of(OFCapabilities.FLOW_STATS, OFCapabilities.TABLE_STATS,
                            OFCapabilities.PORT_STATS, OFCapabilities.GROUP_STATS, OFCapabilities.QUEUE_STATS))
                    .build());
            case GET_CONFIG_REQUEST -> write(factory.buildGetConfigReply().setXid(xid).setFlags(configFlags)
                    .setMissSendLen(missSendLen).build());
            case SET_CONFIG -> {
                OFSetConfig c = (OFSetConfig) m;
                configFlags = c.getFlags();
                missSendLen = c.getMissSendLen();
            }
            case BARRIER_REQUEST -> write(factory.buildBarrierReply().setXid(xid).build());
            case ROLE_REQUEST -> {
                OFRoleRequest r = (OFRoleRequest) m;
                write(factory.buildRoleReply().setXid(xid).setRole(r.getRole()).setGenerationId(r.getGenerationId()).build());
            }
            case METER_MOD -> sw.meterMod((OFMeterMod) m);
            case BUNDLE_CONTROL -> {
                OFBundleCtrlMsg ctrl = (OFBundleCtrlMsg) m;
                OFBundleCtrlType reply = bundles.control(ctrl);
                write(factory.buildBundleCtrlMsg().setXid(ctrl.getXid()).setBundleId(ctrl.getBundleId())
                        .setBundleCtrlType(reply).setFlags(ctrl.getFlags()).build());
            }
            case STATS_REQUEST -> stats((OFStatsRequest<?>) m, xid);
            default -> throw OfError.badType("message type " + m.getType());
        }
    }

    private void stats(OFStatsRequest<?> request, long xid) {
        switch (request.getStatsType()) {
            case PORT_DESC -> write(factory.buildPortDescStatsReply().setXid(xid).setEntries(sw.ports().descriptions(factory)).build());
            case DESC -> write(factory.buildDescStatsReply().setXid(xid).setMfrDesc("Muon").setHwDesc("simulated")
                    .setSwDesc("muon-simulator").setSerialNum("None").setDpDesc(sw.name()).build());
            case METER_FEATURES -> write(factory.buildMeterFeaturesStatsReply().setXid(xid)
                    .setFeatures(factory.buildMeterFeatures().setMaxMeter(MeterTable.CAPACITY)
                            .setBandTypes(1L << OFMeterBandType.DROP.ordinal()) // bit 1: drop
                            .setCapabilities(0xf).setMaxBands((short) 1).setMaxColor((short) 0).build())
                    .build());
            case METER_CONFIG -> {
                long id = ((OFMeterConfigStatsRequest) request).getMeterId();
                List<OFMeterConfig> entries = new ArrayList<>();
                for (MeterTable.Meter meter : sw.meters().all()) {
                    if (id == MeterTable.ALL || id == meter.id()) {
                        entries.add(factory.buildMeterConfig().setMeterId(meter.id()).setFlags(meter.flags())
                                .setEntries(meter.bands()).build());
                    }
                }
                write(factory.buildMeterConfigStatsReply().setXid(xid).setEntries(entries).build());
            }
            default -> throw OfError.badMultipart("multipart " + request.getStatsType());
        }
    }

    private void flowMod(ByteBuf frame) {
        FlowMod fm = FlowMod.parse(frame, sw.meters()::exists);
        sw.flowTable().apply(fm, null, System.nanoTime());
        sw.flowsChanged();
    }

    /**
     * PACKET_OUT: buffer id, in_port, actions length, then actions and the packet. Checked as Open
     * vSwitch checks it (a valid in_port, actions consistent with the packet's headers), then
     * dropped: no packet passes a simulated switch.
     */
    private void packetOut(ByteBuf frame) {
        int at = frame.readerIndex();
        int end = at + frame.getUnsignedShort(at + 2);
        int actionsEnd = at + 24 + frame.getUnsignedShort(at + 16);
        if (end - at < 24 || actionsEnd > end) {
            throw OfError.badLen("packet-out framing");
        }
        if (frame.getUnsignedInt(at + 8) != FlowMod.NO_BUFFER) {
            throw new OfError(OfError.BAD_REQUEST, 8, "Open vSwitch buffers no packets"); // BUFFER_UNKNOWN
        }
        long inPort = frame.getUnsignedInt(at + 12);
        boolean reserved = inPort == 0xfffffffeL || inPort == 0xfffffffdL || inPort == 0xffffffffL;
        if (inPort >= 0xff00 && !reserved) {
            throw new OfError(OfError.BAD_REQUEST, 11, "packet-out in_port " + Long.toUnsignedString(inPort));
        }
        InstructionCheck.packetOutActions(frame, at + 24, actionsEnd, PacketShape.ofFrame(frame, actionsEnd, end));
        sw.packetOutReceived();
    }

    /** Flow stats request: table, out_port, out_group, cookie/mask, then a match (as a non-strict selection). */
    private void flowStats(ByteBuf frame, long xid) {
        int at = frame.readerIndex();
        int end = at + frame.getUnsignedShort(at + 2);
        if (end - at < 56) {
            throw OfError.badLen("flow stats request of " + (end - at) + " bytes");
        }
        int table = frame.getUnsignedByte(at + 16);
        if (table != FlowMod.TABLE_ALL && table >= InstructionCheck.TABLES) {
            throw OfError.badTableIdRequest("table " + table);
        }
        FlowMatch match = FlowMatch.parse(frame, at + 48, end);
        FlowMod filter = new FlowMod(xid, FlowMod.DELETE, table, 0, frame.getLong(at + 32), frame.getLong(at + 40),
                frame.getUnsignedInt(at + 20), 0, match, null);
        FlowStatsReplies replies = new FlowStatsReplies(ctx.alloc(), version, xid);
        long now = System.nanoTime();
        if (table == FlowMod.TABLE_ALL && match.equals(FlowMatch.ANY) && filter.cookieMask() == 0 && filter.outPort() == FlowMod.PORT_ANY) {
            sw.flowTable().forEach(e -> replies.add(e, now));
        } else {
            sw.flowTable().select(filter).forEach(e -> replies.add(e, now));
        }
        for (ByteBuf m : replies.finish()) {
            ctx.write(m, ctx.voidPromise());
        }
    }

    // --- writing ---

    /** A port appeared or went away: PORT_STATUS, flushed at once (not in answer to a read). */
    void portStatus(SwitchPorts.Port port, OFPortReason reason) {
        if (factory == null) {
            return;
        }
        write(factory.buildPortStatus().setReason(reason)
                .setDesc(SwitchPorts.description(factory, port)).build());
        ctx.flush();
    }

    void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    private void write(OFMessage m) {
        ByteBuf b = ctx.alloc().buffer();
        m.writeTo(b);
        ctx.write(b, ctx.voidPromise());
    }

    private void error(OfError e, long xid, ByteBuf request) {
        ByteBuf b = ctx.alloc().buffer(76);
        e.write(b, version == 0 ? OfType.OF14 : version, xid, request);
        ctx.write(b, ctx.voidPromise());
        sw.errorSent();
    }
}
