package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Flow;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
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
        if (flow.match().foreign() != null) {
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

    /** A foreign flow read back ({@link RawMatch}) is deleted with its match repeated byte for byte. */
    private OFMessage encodeDeleteStrict(Flow flow, long xid) {
        check(flow);
        return factory.buildFlowDeleteStrict()
                .setXid(xid)
                .setTableId(TableId.of(flow.table()))
                .setPriority(flow.priority())
                .setCookie(U64.ZERO)
                .setCookieMask(U64.ZERO)
                .setBufferId(OFBufferId.NO_BUFFER)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setMatch(MatchConverter.toLoxi(factory, flow.match()))
                .build();
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
