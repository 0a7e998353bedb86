package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Action;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionNiciraMove;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionPopVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionPushVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmArpOp;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmArpSha;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmArpSpa;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmArpTha;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmArpTpa;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmEthDst;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmEthSrc;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmTunnelId;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmVlanVid;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Muon {@link Action} lists ⇄ OpenFlow 1.3+ instructions: the actions before a trailing
 * {@link Action.GotoTable} go in one apply-actions instruction, the goto in a goto-table
 * instruction; an empty list (drop) has no instructions at all.
 *
 * <p>{@link Action.SetField} becomes an OXM set-field and {@link Action.Move} Nicira's
 * reg_move (NXAST_REG_MOVE), which is how Open vSwitch returns them over 1.3 and 1.4.
 *
 * <p>Reading back, an action or instruction {@link Action} has no type for (other Nicira
 * extensions, write-actions, meters, ...) becomes {@link #UNSUPPORTED}: output to
 * OFPP_ANY, which no switch accepts, so the list equals no list Muon computes and the
 * reconciler replaces or deletes the flow rather than trusting it.
 */
final class ActionConverter {
    /** Stands for an action the driver cannot represent; never sent to a switch. */
    static final Action UNSUPPORTED = new Action.Output(OpenFlowPorts.ANY);

    private static final int VID_PRESENT = 0x1000;

    private ActionConverter() {
    }

    /** Instructions for a flow-mod. */
    static List<OFInstruction> toInstructions(OFFactory f, List<Action> actions) {
        List<OFInstruction> out = new ArrayList<>(2);
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
            out.add(toLoxi(f, a));
        }
        return out;
    }

    private static OFAction toLoxi(OFFactory f, Action a) {
        var acts = f.actions();
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
        } else if (a instanceof Action.InPort) {
            return acts.output(OFPort.IN_PORT, 0);
        } else if (a instanceof Action.Normal) {
            return acts.output(OFPort.NORMAL, 0);
        } else if (a instanceof Action.Controller c) {
            if (c.maxLen() < 0 || c.maxLen() > 0xffff) {
                throw new IllegalArgumentException("invalid controller max_len: " + c.maxLen());
            }
            return acts.output(OFPort.CONTROLLER, c.maxLen());
        } else if (a instanceof Action.PushVlan) {
            return acts.pushVlan(EthType.VLAN_FRAME);
        } else if (a instanceof Action.PopVlan) {
            return acts.popVlan();
        } else if (a instanceof Action.SetVlanVid s) {
            if (s.vid() < 0 || s.vid() > 0xfff) {
                throw new IllegalArgumentException("invalid vlan id: " + s.vid());
            }
            return acts.setField(f.oxms().vlanVid(OFVlanVidMatch.ofVlan(s.vid())));
        } else if (a instanceof Action.SetTunnelId t) {
            return acts.setField(f.oxms().tunnelId(U64.of(t.tunId())));
        } else if (a instanceof Action.SetField s) {
            return acts.setField(setFieldOxm(f, s));
        } else if (a instanceof Action.Move m) {
            return acts.buildNiciraMove()
                    .setNBits(m.src().bits()).setSrcOfs(0).setDstOfs(0)
                    .setSrc(NxmHeaders.of(m.src())).setDst(NxmHeaders.of(m.dst()))
                    .build();
        } else if (a instanceof Action.GotoTable) {
            throw new IllegalArgumentException("goto_table must be the last action, and only in a flow");
        }
        throw new IllegalArgumentException("unknown action " + a);
    }

    /** The Muon action for a Loxi action, or {@link #UNSUPPORTED}. */
    static Action fromLoxi(OFAction a) {
        if (a instanceof OFActionOutput o) {
            int p = o.getPort().getPortNumber();
            if (p == OpenFlowPorts.IN_PORT) return new Action.InPort();
            if (p == OpenFlowPorts.NORMAL) return new Action.Normal();
            if (p == OpenFlowPorts.CONTROLLER) return new Action.Controller(o.getMaxLen());
            return new Action.Output(p);
        } else if (a instanceof OFActionPushVlan pv) {
            return pv.getEthertype().getValue() == 0x8100 ? new Action.PushVlan() : UNSUPPORTED;
        } else if (a instanceof OFActionPopVlan) {
            return new Action.PopVlan();
        } else if (a instanceof OFActionSetField sf) {
            return fromSetField(sf.getField());
        } else if (a instanceof OFActionNiciraMove m) {
            return fromMove(m);
        }
        return UNSUPPORTED;
    }

    private static OFOxm<?> setFieldOxm(OFFactory f, Action.SetField s) {
        String v = s.value();
        var oxms = f.oxms();
        return switch (s.field()) {
            case ETH_SRC -> oxms.ethSrc(mac(s));
            case ETH_DST -> oxms.ethDst(mac(s));
            case ARP_SHA -> oxms.arpSha(mac(s));
            case ARP_THA -> oxms.arpTha(mac(s));
            case ARP_SPA -> oxms.arpSpa(ipv4(s));
            case ARP_TPA -> oxms.arpTpa(ipv4(s));
            case ARP_OP -> {
                int op;
                try {
                    op = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid set_field value: " + s.toOfctl(), e);
                }
                canonical(s, op >= 0 && op <= 0xffff && Integer.toString(op).equals(v));
                yield oxms.arpOp(ArpOpcode.of(op));
            }
        };
    }

    private static MacAddress mac(Action.SetField s) {
        MacAddress mac;
        try {
            mac = MacAddress.of(s.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid set_field value: " + s.toOfctl(), e);
        }
        canonical(s, mac.toString().equals(s.value()));
        return mac;
    }

    private static IPv4Address ipv4(Action.SetField s) {
        IPv4Address ip;
        try {
            ip = IPv4Address.of(s.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid set_field value: " + s.toOfctl(), e);
        }
        canonical(s, ip.toString().equals(s.value()));
        return ip;
    }

    /** A value not in ovs-ofctl's form would read back different and be re-installed forever. */
    private static void canonical(Action.SetField s, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("set_field value not in ovs-ofctl form: " + s.toOfctl());
        }
    }

    /** Only whole-field moves between fields Muon names read back as {@link Action.Move}. */
    private static Action fromMove(OFActionNiciraMove m) {
        var src = NxmHeaders.field(m.getSrc());
        var dst = NxmHeaders.field(m.getDst());
        if (src.isEmpty() || dst.isEmpty() || m.getSrcOfs() != 0 || m.getDstOfs() != 0
                || src.get().bits() != dst.get().bits() || m.getNBits() != src.get().bits()) {
            return UNSUPPORTED;
        }
        return new Action.Move(src.get(), dst.get());
    }

    private static Action fromSetField(OFOxm<?> field) {
        if (field.isMasked()) {
            return UNSUPPORTED;
        }
        if (field instanceof OFOxmVlanVid v) {
            int raw = v.getValue().getRawVid() & 0xffff;
            return (raw & ~0xfff) == VID_PRESENT ? new Action.SetVlanVid(raw & 0xfff) : UNSUPPORTED;
        }
        if (field instanceof OFOxmTunnelId t) {
            return new Action.SetTunnelId(t.getValue().getValue());
        }
        if (field instanceof OFOxmEthSrc o) {
            return new Action.SetField(Action.Field.ETH_SRC, o.getValue().toString());
        }
        if (field instanceof OFOxmEthDst o) {
            return new Action.SetField(Action.Field.ETH_DST, o.getValue().toString());
        }
        if (field instanceof OFOxmArpSha o) {
            return new Action.SetField(Action.Field.ARP_SHA, o.getValue().toString());
        }
        if (field instanceof OFOxmArpTha o) {
            return new Action.SetField(Action.Field.ARP_THA, o.getValue().toString());
        }
        if (field instanceof OFOxmArpSpa o) {
            return new Action.SetField(Action.Field.ARP_SPA, o.getValue().toString());
        }
        if (field instanceof OFOxmArpTpa o) {
            return new Action.SetField(Action.Field.ARP_TPA, o.getValue().toString());
        }
        if (field instanceof OFOxmArpOp o) {
            return new Action.SetField(Action.Field.ARP_OP, Integer.toString(o.getValue().getOpcode()));
        }
        return UNSUPPORTED;
    }
}
