package dev.muon.ofdriver;

import dev.muon.pipeline.flow.Action;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionPopVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionPushVlan;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmTunnelId;
import org.projectfloodlight.openflow.protocol.oxm.OFOxmVlanVid;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Muon {@link Action} lists ⇄ OpenFlow 1.3+ instructions: the actions before a trailing
 * {@link Action.GotoTable} go in one apply-actions instruction, the goto in a goto-table
 * instruction; an empty list (drop) has no instructions at all.
 *
 * <p>Reading back, an action or instruction {@link Action} has no type for (Nicira
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
        }
        return UNSUPPORTED;
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
        return UNSUPPORTED;
    }
}
