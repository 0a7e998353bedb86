package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.FieldFormat;
import dev.muon.pipeline.flow.FieldFormat.Bits;
import dev.muon.pipeline.flow.Subfield;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessageReader;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionDecNwTtl;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraCtClear;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraDecTtl;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraLoad;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraResubmitTable;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionPopVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionPushVlan;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Muon {@link Action} lists ⇄ OpenFlow 1.3/1.4 instructions: a leading {@link Action.UseMeter}
 * in a meter instruction, the actions before a trailing {@link Action.GotoTable} in one
 * apply-actions instruction, the goto in a goto-table instruction; an empty list (drop) has
 * no instructions at all.
 *
 * <p>Each action is sent in the form Open vSwitch keeps and dumps back unchanged, and every
 * form it dumps for it is read back as the same {@link Action}:
 * <ul>
 * <li>{@link Action.SetField}, {@link Action.SetVlanVid}, {@link Action.SetTunnelId}: OFPAT_SET_FIELD
 *     with the catalogue's header ({@link NxmHeaders#match}; the 16-bit NXM_OF_IN_PORT for in_port,
 *     since OpenFlow forbids setting OXM_OF_IN_PORT), built here from the field's bits.</li>
 * <li>{@link Action.Load}: NXAST_REG_LOAD (Loxi); read back from it, or from NXAST_REG_LOAD2, which
 *     Open vSwitch uses for a field without an NXM header.</li>
 * <li>{@link Action.Move}: NXAST_REG_MOVE with NXM headers (Loxi).</li>
 * <li>{@link Action.DecTtl}: OFPAT_DEC_NW_TTL (Loxi), as Open vSwitch dumps it; Nicira's
 *     NXAST_DEC_TTL and dec_ttl_cnt_ids naming only controller 0 read back as it too.</li>
 * <li>{@link Action.Resubmit}: NXAST_RESUBMIT_TABLE with in_port IN_PORT (Loxi).</li>
 * <li>{@link Action.Ct}: NXAST_CT (Loxi) holding nat and the exec actions; read here.</li>
 * <li>{@link Action.CtClear}: NXAST_CT_CLEAR (Loxi).</li>
 * <li>{@link Action.OutputReg} (NXAST_OUTPUT_REG, read back also as OUTPUT_REG2),
 *     {@link Action.ControllerWithData} (NXAST_CONTROLLER2), {@link Action.Conjunction},
 *     {@link Action.CheckPktLarger} and the nat inside ct: see {@link NiciraActions}.</li>
 * </ul>
 *
 * <p>Reading back, an action or instruction {@link Action} has no type for (other Nicira
 * extensions, write-actions, ...) becomes {@link #UNSUPPORTED}: output to
 * OFPP_ANY, which no switch accepts, so the list equals no list Muon computes and the
 * reconciler replaces or deletes the flow rather than trusting it.
 */
final class ActionConverter {
    /** Stands for an action the driver cannot represent; never sent to a switch. */
    static final Action UNSUPPORTED = new Action.Output(OpenFlowPorts.ANY);

    static final int OFPAT_SET_FIELD = 25;
    private static final int VID_PRESENT = 0x1000;
    /** OFPP_IN_PORT in Nicira's 16-bit port numbering (resubmit's in_port). */
    private static final int NX_IN_PORT = 0xfff8;
    /** Open vSwitch's read-only fields: matched, never written. */
    static final Set<Field> READ_ONLY = readOnly();

    private ActionConverter() {
    }

    private static Set<Field> readOnly() {
        Set<Field> out = EnumSet.noneOf(Field.class);
        for (Field f : Field.values()) {
            if (!f.writable()) {
                out.add(f);
            }
        }
        return out;
    }

    /** Instructions for a flow-mod. */
    static List<OFInstruction> toInstructions(OFFactory f, List<Action> actions) {
        List<OFInstruction> out = new ArrayList<>(3);
        if (!actions.isEmpty() && actions.get(0) instanceof Action.UseMeter m) {
            out.add(f.instructions().meter(m.meterId()));
            actions = actions.subList(1, actions.size());
        }
        int n = actions.size();
        Action.GotoTable gotoTable = null;
        if (n > 0 && actions.get(n - 1) instanceof Action.GotoTable g) {
            gotoTable = g;
            n--;
        }
        if (n > 0) {
            out.add(f.instructions().applyActions(toActions(f, actions.subList(0, n))));
        }
        if (gotoTable != null) {
            if (gotoTable.table() < 0 || gotoTable.table() > 0xfe) {
                throw new IllegalArgumentException("invalid goto_table: " + gotoTable.table());
            }
            out.add(f.instructions().gotoTable(TableId.of(gotoTable.table())));
        }
        return out;
    }

    /** Plain actions (apply-actions, packet-out); a {@link Action.GotoTable} here is an error. */
    static List<OFAction> toActions(OFFactory f, List<Action> actions) {
        List<OFAction> out = new ArrayList<>(actions.size());
        for (Action a : actions) {
            out.add(toLoxi(f, a, false));
        }
        return out;
    }

    /** {@code inCt}: inside ct's exec, where (only) ct_mark may be set. */
    private static OFAction toLoxi(OFFactory f, Action a, boolean inCt) {
        var acts = f.actions();
        OFVersion v = f.getVersion();
        if (a instanceof Action.Output o) {
            int p = o.port();
            if (p == OpenFlowPorts.ANY || p == OpenFlowPorts.IN_PORT || p == OpenFlowPorts.NORMAL
                    || p == OpenFlowPorts.CONTROLLER) {
                // ANY stands for UNSUPPORTED; the others have their own Action types, which is
                // how they are read back, so Output to them would never compare equal.
                throw new IllegalArgumentException("invalid output port " + Integer.toUnsignedString(p)
                        + " (use InPort, Normal or Controller for those reserved ports)");
            }
            return acts.output(OFPort.of(p), 0);
        } else if (a instanceof Action.OutputReg o) {
            return new RawAction(v, NiciraActions.outputReg(o.port()), a.toOfctl());
        } else if (a instanceof Action.InPort) {
            return acts.output(OFPort.IN_PORT, 0);
        } else if (a instanceof Action.Normal) {
            return acts.output(OFPort.NORMAL, 0);
        } else if (a instanceof Action.Controller c) {
            if (c.maxLen() < 0 || c.maxLen() > 0xffff) {
                throw new IllegalArgumentException("invalid controller max_len: " + c.maxLen());
            }
            return acts.output(OFPort.CONTROLLER, c.maxLen());
        } else if (a instanceof Action.ControllerWithData c) {
            return new RawAction(v, NiciraActions.controller2(c), a.toOfctl());
        } else if (a instanceof Action.GotoTable) {
            throw new IllegalArgumentException("goto_table must be the last action, and only in a flow");
        } else if (a instanceof Action.UseMeter) {
            throw new IllegalArgumentException("meter must be the first action, and only in a flow");
        } else if (a instanceof Action.Resubmit r) {
            return acts.buildNiciraResubmitTable().setInPort(NX_IN_PORT).setTable((short) table("resubmit", r.table())).build();
        } else if (a instanceof Action.PushVlan) {
            return acts.pushVlan(EthType.VLAN_FRAME);
        } else if (a instanceof Action.PopVlan) {
            return acts.popVlan();
        } else if (a instanceof Action.SetVlanVid s) {
            if (s.vid() < 0 || s.vid() > 0xfff) {
                throw new IllegalArgumentException("invalid vlan id: " + s.vid());
            }
            return setField(v, a, Field.VLAN_VID, NxmHeaders.match(Field.VLAN_VID), VID_PRESENT | s.vid());
        } else if (a instanceof Action.SetTunnelId t) {
            return setField(v, a, Field.TUN_ID, NxmHeaders.match(Field.TUN_ID), t.tunId());
        } else if (a instanceof Action.SetField s) {
            return setField(v, s, inCt);
        } else if (a instanceof Action.Load l) {
            writable(a, l.dst().field(), inCt);
            return acts.buildNiciraLoad().setOfsNbits(NiciraActions.ofsNbits(l.dst()))
                    .setDst(NxmHeaders.subfield(l.dst().field())).setValue(U64.of(l.value())).build();
        } else if (a instanceof Action.Move m) {
            writable(a, m.dst().field(), inCt);
            return acts.buildNiciraMove().setNBits(m.src().width()).setSrcOfs(m.src().start()).setDstOfs(m.dst().start())
                    .setSrc(NxmHeaders.subfield(m.src().field())).setDst(NxmHeaders.subfield(m.dst().field())).build();
        } else if (a instanceof Action.DecTtl) {
            return acts.decNwTtl();
        } else if (a instanceof Action.Ct ct) {
            return ct(f, ct);
        } else if (a instanceof Action.CtClear) {
            return acts.niciraCtClear();
        } else if (a instanceof Action.Conjunction c) {
            return new RawAction(v, NiciraActions.conjunction(c), a.toOfctl());
        } else if (a instanceof Action.CheckPktLarger c) {
            return new RawAction(v, NiciraActions.checkPktLarger(c), a.toOfctl());
        }
        throw new IllegalArgumentException("unknown action " + a);
    }

    private static int table(String what, int table) {
        if (table < 0 || table > 0xfe) {
            throw new IllegalArgumentException("invalid " + what + " table: " + table);
        }
        return table;
    }

    private static OFAction ct(OFFactory f, Action.Ct ct) {
        List<OFAction> nested = new ArrayList<>();
        if (ct.nat() != null) {
            nested.add(new RawAction(f.getVersion(), NiciraActions.nat(ct.nat()), ct.nat().toOfctl()));
        }
        for (Action a : ct.exec()) {
            nested.add(toLoxi(f, a, true));
        }
        var b = f.actions().buildNiciraCt()
                .setFlags(ct.commit() ? NiciraActions.CT_F_COMMIT : 0)
                .setRecircTable((short) (ct.table() == null ? NiciraActions.CT_RECIRC_NONE : table("ct", ct.table())))
                .setAlg(0)
                .setActions(nested);
        if (ct.zone() != null) {
            if (ct.zoneConstant() != 0) {
                throw new IllegalArgumentException("a ct zone is a register or a constant, not both: " + ct.toOfctl());
            }
            b.setZoneSrc(NxmHeaders.subfield(ct.zone().field())).setZone(NiciraActions.ofsNbits(ct.zone()));
        } else {
            b.setZoneSrc(0).setZone(ct.zoneConstant());
        }
        return b.build();
    }

    /** Refuses what Open vSwitch would refuse to write (and say less clearly why). */
    private static void writable(Action a, Field f, boolean inCt) {
        if (READ_ONLY.contains(f)) {
            throw new IllegalArgumentException("cannot " + a.toOfctl() + ": " + f.setName() + " is read-only");
        }
        if (f == Field.CT_MARK && !inCt) {
            throw new IllegalArgumentException("cannot " + a.toOfctl() + ": ct_mark can only be set inside ct(commit,exec(...))");
        }
    }

    private static OFAction setField(OFVersion v, Action.SetField s, boolean inCt) {
        Field f = s.field();
        writable(s, f, inCt);
        String why = null;
        if (f == Field.VLAN_VID) {
            why = "a VLAN id is set with SetVlanVid, which is how it reads back";
        } else if (f == Field.TUN_ID) {
            why = "a tunnel id is set with SetTunnelId, which is how it reads back";
        }
        if (why != null) {
            throw new IllegalArgumentException("cannot " + s.toOfctl() + ": " + why);
        }
        Bits bits = Oxm.parse(f, s.value());
        if (f == Field.IN_PORT) {
            return setField(v, s, f, NxmHeaders.SET_IN_PORT, inPortTo16(bits.value().longValue(), s));
        }
        return setField(v, s, f, NxmHeaders.match(f), bits);
    }

    private static RawAction setField(OFVersion v, Action a, Field f, long header, long value) {
        return setField(v, a, f, header, new Bits(new BigInteger(Long.toUnsignedString(value)), FieldFormat.ones(f.bits())));
    }

    /** OFPAT_SET_FIELD: type, length, one OXM entry, padding. */
    private static RawAction setField(OFVersion v, Action a, Field f, long header, Bits bits) {
        ByteBuf b = Unpooled.buffer(16);
        b.writeShort(OFPAT_SET_FIELD).writeShort(0);
        Oxm.write(b, header, f, bits);
        b.writeZero((b.readableBytes() + 7) / 8 * 8 - b.readableBytes());
        b.setShort(2, b.readableBytes());
        return new RawAction(v, ByteBufUtil.getBytes(b), a.toOfctl());
    }

    /** An OpenFlow 1.1+ port number in Nicira's 16-bit numbering (reserved ports 0xffffff00.. → 0xff00..). */
    private static long inPortTo16(long port, Action.SetField s) {
        if (port < 0xff00L) {
            return port;
        }
        if (port >= 0xffffff00L) {
            return port - 0xffff0000L;
        }
        throw new IllegalArgumentException("cannot " + s.toOfctl() + ": set_field writes in_port in 16 bits");
    }

    private static long inPortFrom16(long port) {
        return port < 0xff00L ? port : port + 0xffff0000L;
    }

    // --- reading back ---

    /**
     * The actions in {@code [pos, end)} of {@code b} (an apply-actions instruction's list, or
     * ct's nested one). An action that cannot be read is {@link #UNSUPPORTED}; framing that
     * cannot be followed ends the list with it.
     */
    static List<Action> fromWire(OFMessageReader<OFAction> loxi, ByteBuf b, int pos, int end) {
        List<Action> out = new ArrayList<>();
        while (pos + 4 <= end) {
            int length = b.getUnsignedShort(pos + 2);
            if (length < 8 || length % 8 != 0 || pos + length > end) {
                out.add(UNSUPPORTED);
                return out;
            }
            out.add(action(loxi, b, pos, length).orElse(UNSUPPORTED));
            pos += length;
        }
        return out;
    }

    /** One whole action of {@code len} bytes at {@code pos}. */
    private static Optional<Action> action(OFMessageReader<OFAction> loxi, ByteBuf b, int pos, int len) {
        int type = b.getUnsignedShort(pos);
        if (type == OFPAT_SET_FIELD) {
            return setFieldFromWire(b, pos, len);
        }
        if (type == NiciraActions.OFPAT_EXPERIMENTER && len >= 16 && b.getUnsignedInt(pos + 4) == NiciraActions.NX_VENDOR_ID) {
            switch (b.getUnsignedShort(pos + 8)) {
                case NiciraActions.OUTPUT_REG: return NiciraActions.outputReg(b, pos, len);
                case NiciraActions.OUTPUT_REG2: return NiciraActions.outputReg2(b, pos, len);
                case NiciraActions.CONTROLLER: return NiciraActions.controller(b, pos, len);
                case NiciraActions.CONTROLLER2: return NiciraActions.controller2(b, pos, len);
                case NiciraActions.CONJUNCTION: return NiciraActions.conjunction(b, pos, len);
                case NiciraActions.CHECK_PKT_LARGER: return NiciraActions.checkPktLarger(b, pos, len);
                case NiciraActions.REG_LOAD2: return NiciraActions.regLoad2(b, pos, len);
                case NiciraActions.DEC_TTL_CNT_IDS: return NiciraActions.decTtlCntIds(b, pos, len);
                case NiciraActions.CT: return ctFromWire(loxi, b, pos, len);
                case NiciraActions.NAT: return Optional.empty(); // only inside ct
                default: break; // Loxi's
            }
        }
        OFAction a;
        try {
            a = loxi.readFrom(b.slice(pos, len));
        } catch (Exception e) {
            return Optional.empty();
        }
        return a == null ? Optional.empty() : fromLoxi(a);
    }

    /** The Muon action for a Loxi action, or empty. */
    static Optional<Action> fromLoxi(OFAction a) {
        if (a instanceof OFActionOutput o) {
            int p = o.getPort().getPortNumber();
            if (p == OpenFlowPorts.IN_PORT) return Optional.of(new Action.InPort());
            if (p == OpenFlowPorts.NORMAL) return Optional.of(new Action.Normal());
            if (p == OpenFlowPorts.CONTROLLER) return Optional.of(new Action.Controller(o.getMaxLen()));
            return Optional.of(new Action.Output(p));
        } else if (a instanceof OFActionPushVlan pv) {
            return pv.getEthertype().getValue() == 0x8100 ? Optional.of(new Action.PushVlan()) : Optional.empty();
        } else if (a instanceof OFActionPopVlan) {
            return Optional.of(new Action.PopVlan());
        } else if (a instanceof OFActionDecNwTtl || a instanceof OFActionNiciraDecTtl) {
            return Optional.of(new Action.DecTtl());
        } else if (a instanceof OFActionNiciraCtClear) {
            return Optional.of(new Action.CtClear());
        } else if (a instanceof OFActionNiciraResubmitTable r) {
            int table = r.getTable() & 0xff;
            return r.getInPort() == NX_IN_PORT && table != 0xff ? Optional.of(new Action.Resubmit(table)) : Optional.empty();
        } else if (a instanceof OFActionNiciraMove m) {
            int n = m.getNBits();
            if (n < 1) {
                return Optional.empty();
            }
            Optional<Subfield> src = NxmHeaders.subfieldField(m.getSrc())
                    .flatMap(f -> NiciraActions.attemptSubfield(f, m.getSrcOfs(), m.getSrcOfs() + n - 1));
            Optional<Subfield> dst = NxmHeaders.subfieldField(m.getDst())
                    .flatMap(f -> NiciraActions.attemptSubfield(f, m.getDstOfs(), m.getDstOfs() + n - 1));
            if (src.isEmpty() || dst.isEmpty()) {
                return Optional.empty();
            }
            return NiciraActions.attempt(() -> new Action.Move(src.get(), dst.get()));
        } else if (a instanceof OFActionNiciraLoad l) {
            long value = l.getValue().getValue();
            return NiciraActions.subfield(l.getDst(), l.getOfsNbits())
                    .flatMap(dst -> NiciraActions.attempt(() -> new Action.Load(dst, value)));
        }
        return Optional.empty();
    }

    /** OFPAT_SET_FIELD: an exact OXM entry of a catalogue field. */
    private static Optional<Action> setFieldFromWire(ByteBuf b, int pos, int len) {
        Oxm.Entry e = Oxm.read(b, pos + 4, pos + len);
        if (e == null || e.mask() != null || !NiciraActions.zero(b, pos + 4 + e.length(), pos + len)) {
            return Optional.empty();
        }
        if (e.header() == NxmHeaders.SET_IN_PORT) {
            long port = inPortFrom16(e.value().longValue());
            return NiciraActions.attempt(() -> new Action.SetField(Field.IN_PORT, Long.toString(port)));
        }
        Optional<Field> field = NxmHeaders.matchField(e.header());
        if (field.isEmpty()) {
            return Optional.empty();
        }
        Field f = field.get();
        Optional<Bits> bits = Oxm.bits(f, e);
        if (bits.isEmpty()) {
            return Optional.empty();
        }
        if (f == Field.VLAN_VID) {
            int raw = e.value().intValue();
            return (raw & ~0xfff) == VID_PRESENT ? Optional.of(new Action.SetVlanVid(raw & 0xfff)) : Optional.empty();
        }
        if (f == Field.TUN_ID) {
            return Optional.of(new Action.SetTunnelId(e.value().longValue()));
        }
        return Oxm.text(f, bits.get()).flatMap(t -> NiciraActions.attempt(() -> new Action.SetField(f, t)));
    }

    /** NXAST_CT: flags, zone (a register's bits or a constant), recirc table, alg, then nat and exec. */
    private static Optional<Action> ctFromWire(OFMessageReader<OFAction> loxi, ByteBuf b, int pos, int len) {
        if (len < 24) {
            return Optional.empty();
        }
        int flags = b.getUnsignedShort(pos + 10);
        long zoneSrc = b.getUnsignedInt(pos + 12);
        int zone = b.getUnsignedShort(pos + 16);
        int recirc = b.getUnsignedByte(pos + 18);
        int alg = b.getUnsignedShort(pos + 22);
        if ((flags & ~NiciraActions.CT_F_COMMIT) != 0 || alg != 0) {
            return Optional.empty(); // force, an ALG
        }
        Subfield zoneBits = null;
        if (zoneSrc != 0) {
            Optional<Subfield> s = NiciraActions.subfield(zoneSrc, zone);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            zoneBits = s.get();
        }
        dev.muon.pipeline.flow.Nat nat = null;
        List<Action> exec = new ArrayList<>();
        int p = pos + 24;
        int end = pos + len;
        if (p + 16 <= end && b.getUnsignedShort(p) == NiciraActions.OFPAT_EXPERIMENTER
                && b.getUnsignedInt(p + 4) == NiciraActions.NX_VENDOR_ID && b.getUnsignedShort(p + 8) == NiciraActions.NAT) {
            int natLength = b.getUnsignedShort(p + 2);
            if (natLength < 16 || p + natLength > end) {
                return Optional.empty();
            }
            Optional<dev.muon.pipeline.flow.Nat> n = NiciraActions.nat(b, p, natLength);
            if (n.isEmpty()) {
                return Optional.empty();
            }
            nat = n.get();
            p += natLength;
        }
        for (Action a : fromWire(loxi, b, p, end)) {
            if (a.equals(UNSUPPORTED)) {
                return Optional.empty();
            }
            exec.add(a);
        }
        boolean commit = (flags & NiciraActions.CT_F_COMMIT) != 0;
        Integer table = recirc == NiciraActions.CT_RECIRC_NONE ? null : recirc;
        Subfield z = zoneBits;
        dev.muon.pipeline.flow.Nat n = nat;
        int constant = zoneSrc == 0 ? zone : 0;
        return NiciraActions.attempt(() -> new Action.Ct(commit, table, z, constant, n, exec));
    }
}
