package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Flow;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * {@link Flow} → flow-mod: an upsert is an OFPFC_ADD (which replaces a flow with the same
 * table, priority and match, counters reset), a delete an OFPFC_DELETE_STRICT on table,
 * priority and match with any out_port/out_group and any cookie. Throws
 * IllegalArgumentException for a flow that cannot be sent as it is.
 */
final class FlowModEncoder {
    /** Offset of ofp_match in an OpenFlow 1.3/1.4 ofp_flow_mod. */
    private static final int MATCH_OFFSET = 48;
    /** An empty ofp_match: OXM type, length 4, 4 bytes of padding. */
    private static final int EMPTY_MATCH_LENGTH = 8;

    private final OFFactory factory;

    FlowModEncoder(OFFactory factory) {
        this.factory = factory;
    }

    OFMessage add(Flow flow, long xid) {
        try {
            return encodeAdd(flow, xid);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in " + flow.toOfctl(), e);
        }
    }

    OFMessage deleteStrict(Flow flow, long xid) {
        try {
            return encodeDeleteStrict(flow, xid);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " in " + flow.toOfctl(), e);
        }
    }

    private OFMessage encodeAdd(Flow flow, long xid) {
        check(flow);
        if (RawMatch.bytes(flow.match()).isPresent()) {
            throw new IllegalArgumentException("cannot install a flow read back with an unsupported match");
        }
        return factory.buildFlowAdd()
                .setXid(xid)
                .setTableId(TableId.of(flow.table()))
                .setPriority(flow.priority())
                .setCookie(U64.of(flow.cookie()))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setMatch(MatchConverter.toLoxi(factory, flow.match()))
                .setInstructions(ActionConverter.toInstructions(factory, flow.actions()))
                .build();
    }

    private OFMessage encodeDeleteStrict(Flow flow, long xid) {
        check(flow);
        Optional<byte[]> raw = RawMatch.bytes(flow.match());
        var b = factory.buildFlowDeleteStrict()
                .setXid(xid)
                .setTableId(TableId.of(flow.table()))
                .setPriority(flow.priority())
                .setCookie(U64.ZERO)
                .setCookieMask(U64.ZERO)
                .setBufferId(OFBufferId.NO_BUFFER)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY);
        if (raw.isEmpty()) {
            return b.setMatch(MatchConverter.toLoxi(factory, flow.match())).build();
        }
        return withMatch(b.setMatch(factory.matchWildcardAll()).build(), raw.get());
    }

    /** {@code msg} (a flow-mod with an empty match) re-encoded with the given wire match. */
    private RawMessage withMatch(OFMessage msg, byte[] ofpMatch) {
        ByteBuf buf = Unpooled.buffer();
        msg.writeTo(buf);
        byte[] encoded = new byte[buf.readableBytes()];
        buf.readBytes(encoded);
        int padded = (ofpMatch.length + 7) / 8 * 8;
        int tail = encoded.length - MATCH_OFFSET - EMPTY_MATCH_LENGTH;
        byte[] out = new byte[MATCH_OFFSET + padded + tail];
        System.arraycopy(encoded, 0, out, 0, MATCH_OFFSET);
        System.arraycopy(ofpMatch, 0, out, MATCH_OFFSET, ofpMatch.length);
        System.arraycopy(encoded, MATCH_OFFSET + EMPTY_MATCH_LENGTH, out, MATCH_OFFSET + padded, tail);
        out[2] = (byte) (out.length >>> 8);
        out[3] = (byte) out.length;
        return new RawMessage(msg.getVersion(), OFType.FLOW_MOD, msg.getXid(), out);
    }

    private static void check(Flow flow) {
        if (flow.table() < 0 || flow.table() > 0xfe) {
            throw new IllegalArgumentException("invalid table " + flow.table());
        }
        if (flow.priority() < 0 || flow.priority() > 0xffff) {
            throw new IllegalArgumentException("invalid priority " + flow.priority());
        }
    }
}
