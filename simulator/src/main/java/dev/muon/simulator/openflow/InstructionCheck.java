package dev.muon.simulator.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * A flow-mod's instructions checked the way Open vSwitch checks them when it decodes a flow-mod
 * (ofpacts_pull_openflow_instructions, then ofpacts_check_consistency against the match), and
 * put in the order OVS dumps them (meter, apply-actions, clear, write-actions, write-metadata,
 * goto-table; an empty apply-actions dropped), each action in the form OVS dumps it
 * ({@link ActionForms}).
 *
 * <p>What is checked: instruction and action framing, goto_table only forward and within the
 * 255 tables, the meter exists, output ports, groups (there are none), set_field (known,
 * writable, unmasked, prerequisites met by the match and the actions before it, a VLAN id
 * only on a tagged packet), reg_load/reg_move (known fields, bits in range, writable
 * destination, prerequisites), dec_ttl and ct only on IP, ct's exec only setting ct_mark or
 * ct_label, nat only inside ct, known Nicira subtypes.
 */
final class InstructionCheck {
    static final int GOTO_TABLE = 1;
    static final int WRITE_METADATA = 2;
    static final int WRITE_ACTIONS = 3;
    static final int APPLY_ACTIONS = 4;
    static final int CLEAR_ACTIONS = 5;
    static final int METER = 6;
    static final int TABLES = 255;

    private static final int OUTPUT = 0;
    private static final int PUSH_VLAN = 17;
    private static final int POP_VLAN = 18;
    private static final int GROUP = 22;
    private static final int DEC_NW_TTL = 24;
    private static final int SET_FIELD = 25;
    private static final int EXPERIMENTER = 0xffff;
    private static final long NICIRA = 0x2320;
    private static final int NX_REG_MOVE = 6;
    private static final int NX_REG_LOAD = 7;
    private static final int NX_OUTPUT_REG = 15;
    private static final int NX_CONJUNCTION = 34;
    private static final int NX_NOTE = 8;
    private static final int NX_CT = 35;
    private static final int NX_NAT = 36;
    /**
     * Nicira action subtypes Open vSwitch 3.x decodes over OpenFlow 1.2+ (the rest are unassigned,
     * retired, or OpenFlow 1.0/1.1 only, as NXAST_DEC_TTL is: OVS answers them BAD_EXP_TYPE).
     */
    private static final LongPredicate NX_KNOWN = s -> s >= 1 && s <= 50 && s != 3 && s != 11 && s != 18 && s != 23
            && s != 24 && s != 25;

    /** The checked instructions in dump order (interned) and the meter they use (0 for none). */
    record Result(Instructions instructions, long meterId) {
    }

    private InstructionCheck() {
    }

    /**
     * @param meters whether a meter id exists on the bridge
     */
    static Result check(ByteBuf b, int pos, int end, int table, FlowMatch match, LongPredicate meters) {
        record Instruction(int type, int at, int length) {
        }
        List<Instruction> list = new ArrayList<>();
        long meterId = 0;
        boolean[] seen = new boolean[7];
        while (pos < end) {
            if (pos + 4 > end) {
                throw OfError.badInstructionLen("truncated instruction");
            }
            int type = b.getUnsignedShort(pos);
            int length = b.getUnsignedShort(pos + 2);
            if (length < 8 || length % 8 != 0 || pos + length > end) {
                throw OfError.badInstructionLen("instruction length " + length);
            }
            if (type < GOTO_TABLE || type > METER) {
                throw OfError.unknownInstruction("instruction type " + type);
            }
            if (seen[type]) {
                throw new OfError(OfError.BAD_INSTRUCTION, 1, "instruction type " + type + " twice");
            }
            seen[type] = true;
            switch (type) {
                case GOTO_TABLE -> {
                    int to = b.getUnsignedByte(pos + 4);
                    if (to <= table || to >= TABLES) {
                        throw OfError.badInstructionTable("goto_table:" + to + " from table " + table);
                    }
                }
                case METER -> meterId = b.getUnsignedInt(pos + 4);
                default -> { }
            }
            if (!(type == APPLY_ACTIONS && length == 8)) {
                list.add(new Instruction(type, pos, length));
            }
            pos += length;
        }
        // in Open vSwitch's order: decoding, then how actions combine, then each against the match, then the meter
        conjunctionAlone(b, list.stream().filter(i -> i.type() == APPLY_ACTIONS).mapToInt(Instruction::at).toArray(), list.size());
        for (Instruction i : list) {
            if (i.type() == APPLY_ACTIONS || i.type() == WRITE_ACTIONS) {
                actions(b, i.at() + 8, i.at() + i.length(), match.shape(), false);
            }
        }
        if (meterId != 0 && !meters.test(meterId)) {
            throw OfError.invalidMeter("meter " + meterId + " does not exist");
        }
        list.sort(Comparator.comparingInt(i -> rank(i.type())));
        ByteBuf out = Unpooled.buffer(end - pos);
        for (Instruction i : list) {
            if (i.type() == APPLY_ACTIONS || i.type() == WRITE_ACTIONS) {
                int at = out.writerIndex();
                out.writeShort(i.type()).writeShort(0).writeZero(4);
                ActionForms.write(b, i.at() + 8, i.at() + i.length(), out);
                out.setShort(at + 2, out.writerIndex() - at);
            } else {
                out.writeBytes(b, i.at(), i.length());
            }
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return new Result(Instructions.of(bytes), meterId);
    }

    /**
     * Open vSwitch allows a conjunction action only among other conjunctions (and notes): no
     * other action, no other instruction (goto_table and meter are actions to it).
     */
    private static void conjunctionAlone(ByteBuf b, int[] applyAt, int instructions) {
        if (applyAt.length == 0) {
            return;
        }
        int at = applyAt[0];
        boolean conjunction = false;
        boolean other = instructions > 1;
        for (int a = at + 8; a + 8 <= at + b.getUnsignedShort(at + 2); a += b.getUnsignedShort(a + 2)) {
            boolean nx = b.getUnsignedShort(a) == EXPERIMENTER && b.getUnsignedShort(a + 2) >= 16
                    && b.getUnsignedInt(a + 4) == NICIRA;
            int subtype = nx ? b.getUnsignedShort(a + 8) : -1;
            conjunction |= subtype == NX_CONJUNCTION;
            other |= subtype != NX_CONJUNCTION && subtype != NX_NOTE;
        }
        if (conjunction && other) {
            throw OfError.badConjunction("conjunction among other actions");
        }
    }

    private static int rank(int type) {
        return switch (type) {
            case METER -> 0;
            case APPLY_ACTIONS -> 1;
            case CLEAR_ACTIONS -> 2;
            case WRITE_ACTIONS -> 3;
            case WRITE_METADATA -> 4;
            default -> 5;
        };
    }

    /** A packet-out's actions, checked as a flow's are, against the packet's own headers. */
    static void packetOutActions(ByteBuf b, int pos, int end, PacketShape packet) {
        actions(b, pos, end, packet, false);
    }

    /** Checks the actions in {@code [pos, end)}; {@code inCt}: ct's exec list. */
    private static void actions(ByteBuf b, int pos, int end, PacketShape shape, boolean inCt) {
        while (pos < end) {
            if (pos + 4 > end) {
                throw OfError.badActionLen("truncated action");
            }
            int type = b.getUnsignedShort(pos);
            int length = b.getUnsignedShort(pos + 2);
            if (length < 8 || length % 8 != 0 || pos + length > end) {
                throw OfError.badActionLen("action length " + length);
            }
            action(b, pos, length, type, shape, inCt);
            pos += length;
        }
    }

    private static void action(ByteBuf b, int pos, int length, int type, PacketShape shape, boolean inCt) {
        if (inCt && type != SET_FIELD && !(type == EXPERIMENTER && length >= 16
                && (b.getUnsignedShort(pos + 8) == NX_REG_LOAD || b.getUnsignedShort(pos + 8) == NX_NAT))) {
            throw OfError.badSetArgument("ct's exec may only set ct_mark or ct_label");
        }
        switch (type) {
            case OUTPUT -> outputPort(b.getUnsignedInt(pos + 4));
            case PUSH_VLAN -> {
                int ethertype = b.getUnsignedShort(pos + 4);
                if (ethertype != 0x8100 && ethertype != 0x88a8) {
                    throw OfError.badArgument("push_vlan ethertype " + ethertype);
                }
                if (shape.vlans == 2) {
                    throw new OfError(OfError.BAD_ACTION, 12, "push_vlan beyond two VLAN headers");
                }
                shape.vlans++;
            }
            case POP_VLAN -> {
                if (shape.vlans == 0) {
                    throw OfError.matchInconsistent("pop_vlan on a flow that does not match a VLAN header");
                }
                shape.vlans--;
            }
            case GROUP -> throw new OfError(OfError.BAD_ACTION, 9, "group " + b.getUnsignedInt(pos + 4) + " does not exist");
            case DEC_NW_TTL -> requireIp(shape, "dec_ttl");
            case SET_FIELD -> setField(b, pos, length, shape, inCt);
            case 11, 12, 15, 16, 19, 20, 21, 23, 26, 27 -> { } // ttl copies, mpls, set_queue, set_nw_ttl, pbb
            case EXPERIMENTER -> experimenter(b, pos, length, shape, inCt);
            default -> throw OfError.badActionType("action type " + type);
        }
    }

    /** OVS's ofpact_check_output_port over OpenFlow 1.1+ port numbers. */
    private static void outputPort(long port) {
        boolean physical = port < 0xff00; // port 0 too: OVS only compares with its max_ports
        boolean reserved = port >= 0xfffffff8L && port <= 0xfffffffeL;
        if (!physical && !reserved) {
            throw OfError.badOutPort("output to port " + Long.toUnsignedString(port));
        }
    }

    private static void setField(ByteBuf b, int pos, int length, PacketShape shape, boolean inCt) {
        long header = b.getUnsignedInt(pos + 4);
        if ((header & 0x100) != 0) {
            throw OfError.badSetArgument("masked set_field before OpenFlow 1.5");
        }
        OvsField f = OvsField.of(header);
        if (f == null) {
            throw OfError.badSetType(String.format("set_field of unknown OXM 0x%08x", header));
        }
        int n = (int) (header & 0xff);
        if (8 + n > length) {
            throw OfError.badSetLen("set_field value truncated");
        }
        writable(f, inCt);
        byte[] value = new byte[n];
        b.getBytes(pos + 8, value);
        if (f == OvsField.VLAN_VID && (FlowMatch.toLong(value) & 0x1000) == 0) {
            throw OfError.badSetArgument("set_field vlan_vid without OFPVID_PRESENT");
        }
        if (!shape.satisfies(f.prereq) || (f == OvsField.VLAN_VID && shape.vlans == 0)) {
            throw OfError.matchInconsistent("set_field " + f + " lacks its prerequisites");
        }
    }

    private static void experimenter(ByteBuf b, int pos, int length, PacketShape shape, boolean inCt) {
        if (length < 16) {
            throw OfError.badActionLen("experimenter action of " + length + " bytes");
        }
        if (b.getUnsignedInt(pos + 4) != NICIRA) {
            throw OfError.badExperimenter("experimenter " + b.getUnsignedInt(pos + 4));
        }
        int subtype = b.getUnsignedShort(pos + 8);
        if (!NX_KNOWN.test(subtype)) {
            throw OfError.badExpType("Nicira action " + subtype);
        }
        switch (subtype) {
            case NX_REG_LOAD -> {
                int ofsNbits = b.getUnsignedShort(pos + 10);
                OvsField dst = subfield(b.getUnsignedInt(pos + 12), ofsNbits >>> 6, (ofsNbits & 0x3f) + 1, shape);
                writable(dst, inCt);
                int nBits = (ofsNbits & 0x3f) + 1;
                long value = b.getLong(pos + 16);
                if (nBits < 64 && (value >>> nBits) != 0) {
                    throw OfError.badSetArgument("reg_load value wider than " + nBits + " bits");
                }
            }
            case NX_REG_MOVE -> {
                int nBits = b.getUnsignedShort(pos + 10);
                subfield(b.getUnsignedInt(pos + 16), b.getUnsignedShort(pos + 12), nBits, shape);
                writable(subfield(b.getUnsignedInt(pos + 20), b.getUnsignedShort(pos + 14), nBits, shape), inCt);
            }
            case NX_OUTPUT_REG -> {
                int ofsNbits = b.getUnsignedShort(pos + 10);
                subfield(b.getUnsignedInt(pos + 12), ofsNbits >>> 6, (ofsNbits & 0x3f) + 1, shape);
            }
            case NX_CONJUNCTION -> {
                int clause = b.getUnsignedByte(pos + 10);
                int clauses = b.getUnsignedByte(pos + 11);
                if (clauses < 2 || clauses > 64 || clause >= clauses) {
                    throw OfError.badConjunction("conjunction clause " + (clause + 1) + "/" + clauses);
                }
            }
            case NX_CT -> {
                if (length < 24) {
                    throw OfError.badActionLen("ct action of " + length + " bytes");
                }
                long zoneSrc = b.getUnsignedInt(pos + 12);
                if (zoneSrc != 0) {
                    int ofsNbits = b.getUnsignedShort(pos + 16);
                    subfield(zoneSrc, ofsNbits >>> 6, (ofsNbits & 0x3f) + 1, shape);
                }
                requireIp(shape, "ct");
                actions(b, pos + 24, pos + length, shape.copy(), true);
                boolean commit = (b.getUnsignedShort(pos + 10) & 1) != 0;
                for (int a = pos + 24; a + 16 <= pos + length; a += b.getUnsignedShort(a + 2)) {
                    boolean nat = b.getUnsignedShort(a) == EXPERIMENTER && b.getUnsignedShort(a + 8) == NX_NAT;
                    if (nat && !commit && (b.getUnsignedShort(a + 12) & 0x3) != 0) {
                        throw OfError.badArgument("nat(src) or nat(dst) in a ct without commit");
                    }
                }
            }
            case NX_NAT -> {
                if (!inCt) {
                    throw OfError.badArgument("nat outside ct");
                }
                // an address range of the other family than the packet's (range_present bits 0-1: IPv4, 2-3: IPv6)
                int ranges = b.getUnsignedShort(pos + 14);
                if (((ranges & 0x3) != 0 && shape.ethType != 0x0800) || ((ranges & 0xc) != 0 && shape.ethType != 0x86dd)) {
                    throw OfError.matchInconsistent("nat to addresses of another family than the flow's");
                }
            }
            default -> { }
        }
    }

    /** A subfield named by an NXM/OXM header: known, in range, its field's prerequisites met. */
    private static OvsField subfield(long header, int ofs, int nBits, PacketShape shape) {
        OvsField f = OvsField.of(header);
        if (f == null) {
            throw OfError.badSetType(String.format("unknown field 0x%08x", header));
        }
        int width = header == OvsField.IN_PORT.altHeader ? 16 : f.bits;
        if (nBits < 1 || ofs + nBits > width) {
            throw OfError.badSetLen(f + "[" + ofs + ".." + (ofs + nBits - 1) + "] outside its " + width + " bits");
        }
        if (!shape.satisfies(f.prereq)) {
            throw OfError.matchInconsistent(f + " lacks its prerequisites");
        }
        return f;
    }

    private static void writable(OvsField f, boolean inCt) {
        boolean ok = inCt ? f == OvsField.CT_MARK || f == OvsField.CT_LABEL : f.writable;
        if (!ok) {
            throw OfError.badSetArgument(f + " is not writable here");
        }
    }

    private static void requireIp(PacketShape shape, String what) {
        if (!shape.satisfies(OvsField.Prereq.IP_ANY)) {
            throw OfError.matchInconsistent(what + " on a flow that does not match IP");
        }
    }

    /** Whether stored instructions output to {@code port} (a flow-mod's or stats request's out_port filter). */
    static boolean outputsTo(byte[] instructions, long port) {
        ByteBuf b = Unpooled.wrappedBuffer(instructions);
        int pos = 0;
        while (pos + 8 <= instructions.length) {
            int type = b.getUnsignedShort(pos);
            int length = b.getUnsignedShort(pos + 2);
            if (type == APPLY_ACTIONS || type == WRITE_ACTIONS) {
                for (int a = pos + 8; a + 8 <= pos + length; a += b.getUnsignedShort(a + 2)) {
                    if (b.getUnsignedShort(a) == OUTPUT && b.getUnsignedInt(a + 4) == port) {
                        return true;
                    }
                    if (b.getUnsignedShort(a + 2) < 8) {
                        break;
                    }
                }
            }
            pos += Math.max(8, length);
        }
        return false;
    }

    /** The meter a stored flow's instructions name, 0 if none (they are in dump order: meter first). */
    static long meterOf(byte[] instructions) {
        if (instructions.length >= 8 && ((instructions[0] & 0xff) << 8 | (instructions[1] & 0xff)) == METER) {
            return Unpooled.wrappedBuffer(instructions).getUnsignedInt(4);
        }
        return 0;
    }
}
