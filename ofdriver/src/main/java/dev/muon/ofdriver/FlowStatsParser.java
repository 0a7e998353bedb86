package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes an OpenFlow 1.3/1.4 multipart flow-stats reply into {@link Flow}s.
 *
 * <p>Loxi rejects a whole message when one OXM or action in it is unknown to it (Open
 * vSwitch has many: registers beyond 7, conntrack tuples, learn, conjunction, ...), and one
 * foreign flow must not make a switch's flows unreadable. So this walks the entry, match,
 * instruction and action framing itself: the match goes to {@link MatchConverter} (the field
 * catalogue), each action to {@link ActionConverter} (its own decoders for the Nicira
 * actions Loxi lacks, Loxi for one action at a time otherwise). What {@link Flow} cannot hold
 * becomes a {@link RawMatch} or {@link ActionConverter#UNSUPPORTED}.
 */
final class FlowStatsParser {
    private static final Logger log = LoggerFactory.getLogger(FlowStatsParser.class);

    static final int MULTIPART_REPLY = 19;
    static final int MULTIPART_FLOW = 1;
    private static final int REPLY_MORE = 1;
    private static final int BODY_OFFSET = 16;
    private static final int ENTRY_FIXED = 48;
    private static final int INSTRUCTION_GOTO_TABLE = 1;
    private static final int INSTRUCTION_APPLY_ACTIONS = 4;
    private static final int INSTRUCTION_METER = 6;

    private final OFMessageReader<OFAction> actionReader;

    FlowStatsParser(OFFactory factory) {
        this.actionReader = factory.actions().getReader();
    }

    /** Whether {@code frame} (one whole message) is a multipart flow-stats reply. */
    static boolean isFlowStatsReply(ByteBuf frame) {
        int at = frame.readerIndex();
        return frame.readableBytes() >= BODY_OFFSET
                && frame.getUnsignedByte(at + 1) == MULTIPART_REPLY
                && frame.getUnsignedShort(at + 8) == MULTIPART_FLOW;
    }

    FlowStatsChunk parse(ByteBuf frame) {
        int start = frame.readerIndex();
        int end = start + frame.getUnsignedShort(start + 2);
        long xid = frame.getUnsignedInt(start + 4);
        boolean more = (frame.getUnsignedShort(start + 10) & REPLY_MORE) != 0;
        List<Flow> flows = new ArrayList<>();
        int pos = start + BODY_OFFSET;
        while (pos + ENTRY_FIXED <= end) {
            int length = frame.getUnsignedShort(pos);
            if (length < ENTRY_FIXED + 8 || pos + length > end) {
                log.warn("malformed flow stats entry (length {}) in reply xid {}", length, xid);
                break;
            }
            flows.add(entry(frame, pos, length));
            pos += length;
        }
        return new FlowStatsChunk(xid, more, flows);
    }

    private Flow entry(ByteBuf b, int pos, int length) {
        int table = b.getUnsignedByte(pos + 2);
        int priority = b.getUnsignedShort(pos + 12);
        long cookie = b.getLong(pos + 24);
        int matchAt = pos + ENTRY_FIXED;
        int matchLength = Math.min(b.getUnsignedShort(matchAt + 2), length - ENTRY_FIXED);
        int instructionsAt = matchAt + (matchLength + 7) / 8 * 8;
        Match match = match(b, matchAt, matchLength);
        List<Action> actions = instructions(b, instructionsAt, pos + length);
        return new Flow(table, priority, cookie, match, actions);
    }

    private Match match(ByteBuf b, int at, int length) {
        Optional<Match> m = Optional.empty();
        if (b.getUnsignedShort(at) == MatchConverter.OFPMT_OXM && length >= 4) {
            m = MatchConverter.fromOxms(b, at + 4, at + length);
        }
        return m.orElseGet(() -> RawMatch.of(ByteBufUtil.getBytes(b, at, length)));
    }

    private List<Action> instructions(ByteBuf b, int pos, int end) {
        List<Action> applied = new ArrayList<>();
        Action gotoTable = null;
        Action meter = null;
        boolean unsupported = false;
        while (pos + 4 <= end) {
            int type = b.getUnsignedShort(pos);
            int length = b.getUnsignedShort(pos + 2);
            if (length < 8 || pos + length > end) {
                unsupported = true;
                break;
            }
            if (type == INSTRUCTION_APPLY_ACTIONS) {
                applied.addAll(ActionConverter.fromWire(actionReader, b, pos + 8, pos + length));
            } else if (type == INSTRUCTION_GOTO_TABLE) {
                gotoTable = new Action.GotoTable(b.getUnsignedByte(pos + 4));
            } else if (type == INSTRUCTION_METER && b.getUnsignedInt(pos + 4) >= 1
                    && b.getUnsignedInt(pos + 4) <= dev.muon.pipeline.flow.Meter.MAX_ID) {
                meter = new Action.UseMeter(b.getUnsignedInt(pos + 4));
            } else {
                unsupported = true;
            }
            pos += length;
        }
        List<Action> out = new ArrayList<>(applied.size() + 3);
        if (meter != null) {
            out.add(meter);
        }
        out.addAll(applied);
        if (unsupported) {
            out.add(ActionConverter.UNSUPPORTED);
        }
        if (gotoTable != null) {
            out.add(gotoTable);
        }
        return out;
    }
}
