package dev.muon.ofdriver;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One framed message → what the handler acts on: a {@link FlowStatsChunk}, a
 * {@link PacketIn}, an {@link OpenFlowErrorException} for an error Loxi cannot parse, or a
 * Loxi {@link OFMessage}. Flow stats and packet-ins are decoded element by element (see
 * their parsers) because one unknown OXM must not make them unreadable. Another message
 * Loxi cannot parse becomes an {@link OpenFlowErrorException} for its xid, failing the
 * request it answers (if any) instead of leaving it waiting.
 */
final class OpenFlowDecoder extends MessageToMessageDecoder<ByteBuf> {
    private static final Logger log = LoggerFactory.getLogger(OpenFlowDecoder.class);
    private static final OFMessageReader<OFMessage> READER = OFFactories.getGenericReader();

    private final Map<OFVersion, FlowStatsParser> flowStatsParsers = new EnumMap<>(OFVersion.class);

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        int at = frame.readerIndex();
        int wireVersion = frame.getUnsignedByte(at);
        int type = frame.getUnsignedByte(at + 1);
        boolean oxmEra = wireVersion >= OFVersion.OF_13.getWireVersion() && wireVersion <= OFVersion.OF_14.getWireVersion();
        try {
            if (oxmEra && type == PacketInParser.PACKET_IN) {
                out.add(PacketInParser.parse(frame));
            } else if (oxmEra && FlowStatsParser.isFlowStatsReply(frame)) {
                out.add(flowStatsParser(wireVersion).parse(frame));
            } else {
                out.add(READER.readFrom(frame));
            }
        } catch (Exception e) {
            if (type == ErrorDecoder.ERROR) {
                frame.readerIndex(at);   // the failed read consumed part of the frame
                out.add(ErrorDecoder.decodeRaw(frame));
            } else {
                // Fail the request it answers (if any) rather than leave it waiting forever.
                long xid = frame.getUnsignedInt(at + 4);
                PeerWarnings.warn(log, "{}: cannot parse an OpenFlow message (version {}, type {}, xid {}): {}{}",
                        ctx.channel().remoteAddress(), wireVersion, type, xid, e.toString());
                out.add(new OpenFlowErrorException("the driver cannot parse the switch's reply (message type " + type
                        + "): " + e, "UNPARSEABLE_REPLY", Integer.toString(type), xid));
            }
        }
    }

    private FlowStatsParser flowStatsParser(int wireVersion) {
        OFVersion v = wireVersion == OFVersion.OF_13.getWireVersion() ? OFVersion.OF_13 : OFVersion.OF_14;
        return flowStatsParsers.computeIfAbsent(v, x -> new FlowStatsParser(OFFactories.getFactory(x)));
    }
}
