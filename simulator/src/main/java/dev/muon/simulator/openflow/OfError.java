package dev.muon.simulator.openflow;

import io.netty.buffer.ByteBuf;

/**
 * An OpenFlow 1.3/1.4 error (type, code), thrown where a check fails and turned into an ERROR
 * message carrying the xid and the start of the refused message, as Open vSwitch sends it.
 */
final class OfError extends RuntimeException {
    static final int BAD_REQUEST = 1;
    static final int BAD_ACTION = 2;
    static final int BAD_INSTRUCTION = 3;
    static final int BAD_MATCH = 4;
    static final int FLOW_MOD_FAILED = 5;
    static final int METER_MOD_FAILED = 12;
    static final int BUNDLE_FAILED = 17;

    /** OFPET_ERROR header is 12 bytes; OVS echoes at most 64 bytes of the request. */
    private static final int ECHOED = 64;

    static final int EXPERIMENTER = 0xffff;
    private static final long NICIRA = 0x2320;

    final int type;
    final int code;
    /** For an experimenter error ({@code type} 0xffff, {@code code} its exp_code): whose; else 0. */
    final long experimenter;

    OfError(int type, int code, String why) {
        this(type, code, 0, why);
    }

    private OfError(int type, int code, long experimenter, String why) {
        super(why, null, false, false);
        this.type = type;
        this.code = code;
        this.experimenter = experimenter;
    }

    /** Open vSwitch's own errors, sent over OpenFlow 1.2+ as Nicira experimenter errors. */
    static OfError nicira(int code, String why) {
        return new OfError(EXPERIMENTER, code, NICIRA, why);
    }

    /** NXBAC_BAD_CONJUNCTION: a conjunction among other actions, or a clause outside 1..n (n ≤ 64). */
    static OfError badConjunction(String why) { return nicira(15, why); }

    // bad request
    static OfError badType(String why) { return new OfError(BAD_REQUEST, 1, why); }
    static OfError badMultipart(String why) { return new OfError(BAD_REQUEST, 2, why); }
    static OfError badLen(String why) { return new OfError(BAD_REQUEST, 6, why); }
    static OfError badTableIdRequest(String why) { return new OfError(BAD_REQUEST, 9, why); }
    // bad action
    static OfError badActionType(String why) { return new OfError(BAD_ACTION, 0, why); }
    static OfError badActionLen(String why) { return new OfError(BAD_ACTION, 1, why); }
    static OfError badExperimenter(String why) { return new OfError(BAD_ACTION, 2, why); }
    static OfError badExpType(String why) { return new OfError(BAD_ACTION, 3, why); }
    static OfError badOutPort(String why) { return new OfError(BAD_ACTION, 4, why); }
    static OfError badArgument(String why) { return new OfError(BAD_ACTION, 5, why); }
    static OfError matchInconsistent(String why) { return new OfError(BAD_ACTION, 10, why); }
    static OfError badSetType(String why) { return new OfError(BAD_ACTION, 13, why); }
    static OfError badSetLen(String why) { return new OfError(BAD_ACTION, 14, why); }
    static OfError badSetArgument(String why) { return new OfError(BAD_ACTION, 15, why); }
    // bad instruction
    static OfError unknownInstruction(String why) { return new OfError(BAD_INSTRUCTION, 0, why); }
    static OfError badInstructionTable(String why) { return new OfError(BAD_INSTRUCTION, 2, why); }
    static OfError badInstructionLen(String why) { return new OfError(BAD_INSTRUCTION, 7, why); }
    // bad match
    static OfError badMatchType(String why) { return new OfError(BAD_MATCH, 0, why); }
    static OfError badMatchLen(String why) { return new OfError(BAD_MATCH, 1, why); }
    static OfError badField(String why) { return new OfError(BAD_MATCH, 6, why); }
    static OfError badValue(String why) { return new OfError(BAD_MATCH, 7, why); }
    static OfError badMask(String why) { return new OfError(BAD_MATCH, 8, why); }
    static OfError badPrereq(String why) { return new OfError(BAD_MATCH, 9, why); }
    static OfError dupField(String why) { return new OfError(BAD_MATCH, 10, why); }
    // flow mod
    static OfError badFlowTable(String why) { return new OfError(FLOW_MOD_FAILED, 2, why); }
    static OfError badCommand(String why) { return new OfError(FLOW_MOD_FAILED, 6, why); }
    // meter mod
    static OfError meterExists(String why) { return new OfError(METER_MOD_FAILED, 1, why); }
    static OfError invalidMeter(String why) { return new OfError(METER_MOD_FAILED, 2, why); }
    static OfError unknownMeter(String why) { return new OfError(METER_MOD_FAILED, 3, why); }
    static OfError badRate(String why) { return new OfError(METER_MOD_FAILED, 6, why); }
    static OfError badBand(String why) { return new OfError(METER_MOD_FAILED, 8, why); }
    // bundles
    static OfError bundleBadId(String why) { return new OfError(BUNDLE_FAILED, 2, why); }
    static OfError bundleClosed(String why) { return new OfError(BUNDLE_FAILED, 4, why); }
    static OfError bundleBadType(String why) { return new OfError(BUNDLE_FAILED, 6, why); }
    static OfError bundleBadFlags(String why) { return new OfError(BUNDLE_FAILED, 7, why); }
    static OfError bundleMsgUnsupported(String why) { return new OfError(BUNDLE_FAILED, 10, why); }
    static OfError bundleMsgFailed(String why) { return new OfError(BUNDLE_FAILED, 13, why); }

    /** The ERROR message for {@code request} (one whole message at its reader index, not consumed). */
    void write(ByteBuf out, int version, long xid, ByteBuf request) {
        int echoed = request == null ? 0 : Math.min(ECHOED, request.readableBytes());
        int fixed = type == EXPERIMENTER ? 16 : 12;
        out.writeByte(version).writeByte(OfType.ERROR).writeShort(fixed + echoed).writeInt((int) xid);
        out.writeShort(type).writeShort(code);
        if (type == EXPERIMENTER) {
            out.writeInt((int) experimenter);
        }
        if (echoed > 0) {
            out.writeBytes(request, request.readerIndex(), echoed);
        }
    }

    @Override
    public String toString() {
        return "OpenFlow error " + type + "/" + code + ": " + getMessage();
    }
}
