package dev.muon.simulator.openflow;

import io.netty.buffer.ByteBuf;
import java.util.function.LongPredicate;

/**
 * One OpenFlow 1.3/1.4 flow-mod, decoded and checked as Open vSwitch decodes it (by hand: its
 * match and actions carry Nicira fields and actions Loxi cannot read). {@code instructions}
 * are null for a delete, which carries none that matter.
 */
record FlowMod(long xid, int command, int table, int priority, long cookie, long cookieMask, long outPort,
               int flags, FlowMatch match, InstructionCheck.Result instructions) {
    static final int ADD = 0;
    static final int MODIFY = 1;
    static final int MODIFY_STRICT = 2;
    static final int DELETE = 3;
    static final int DELETE_STRICT = 4;
    static final int TABLE_ALL = 0xff;
    static final long PORT_ANY = 0xffffffffL;
    static final long NO_BUFFER = 0xffffffffL;
    private static final int FIXED = 48;

    /** The flow-mod at the reader index of {@code b} (one whole message; not consumed). */
    static FlowMod parse(ByteBuf b, LongPredicate meters) {
        int at = b.readerIndex();
        int end = at + b.getUnsignedShort(at + 2);
        if (end - at < FIXED + 8) {
            throw OfError.badLen("flow-mod of " + (end - at) + " bytes");
        }
        long xid = b.getUnsignedInt(at + 4);
        int table = b.getUnsignedByte(at + 24);
        int command = b.getUnsignedByte(at + 25);
        if (command > DELETE_STRICT) {
            throw OfError.badCommand("flow-mod command " + command);
        }
        boolean delete = command == DELETE || command == DELETE_STRICT;
        if (table == TABLE_ALL ? !delete : table >= InstructionCheck.TABLES) {
            throw OfError.badFlowTable("table " + table);
        }
        if (!delete && b.getUnsignedInt(at + 32) != NO_BUFFER) {
            throw new OfError(OfError.BAD_REQUEST, 8, "Open vSwitch buffers no packets"); // BUFFER_UNKNOWN
        }
        FlowMatch match = FlowMatch.parse(b, at + FIXED, end);
        // the match as sent, padded (the normalised one may be shorter or longer)
        int instructionsAt = at + FIXED + (b.getUnsignedShort(at + FIXED + 2) + 7) / 8 * 8;
        InstructionCheck.Result instructions = null;
        if (!delete) {
            if (instructionsAt > end) {
                throw OfError.badMatchLen("match runs past the message");
            }
            instructions = InstructionCheck.check(b, instructionsAt, end, table, match, meters);
        }
        return new FlowMod(xid, command, table, b.getUnsignedShort(at + 30), b.getLong(at + 8), b.getLong(at + 16),
                b.getUnsignedInt(at + 36), b.getUnsignedShort(at + 44), match, instructions);
    }

    boolean strict() {
        return command == MODIFY_STRICT || command == DELETE_STRICT;
    }

    /** Whether this (non-add) flow-mod selects {@code e}: table, cookie under mask, match, out_port. */
    boolean selects(FlowEntry e) {
        if (table != TABLE_ALL && e.table() != table) {
            return false;
        }
        if (((e.cookie() ^ cookie) & cookieMask) != 0) {
            return false;
        }
        if (strict() ? e.priority() != priority || !e.match().equals(match) : !match.covers(e.match())) {
            return false;
        }
        return outPort == PORT_ANY || command == MODIFY || command == MODIFY_STRICT
                || InstructionCheck.outputsTo(e.instructions().bytes(), outPort);
    }
}
