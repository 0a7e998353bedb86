package dev.muon.simulator.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** Flow-mods for tests, built with Loxi and decoded from their wire bytes as the switch decodes them. */
final class FlowMods {
    static final OFFactory F = OFFactories.getFactory(OFVersion.OF_14);

    private FlowMods() {
    }

    static OFMessage message(OFFlowModCommand command, int table, int priority, long cookie, long cookieMask, Match match,
                             List<OFInstruction> instructions) {
        var b = switch (command) {
            case ADD -> F.buildFlowAdd();
            case MODIFY -> F.buildFlowModify();
            case MODIFY_STRICT -> F.buildFlowModifyStrict();
            case DELETE -> F.buildFlowDelete();
            case DELETE_STRICT -> F.buildFlowDeleteStrict();
        };
        return b.setXid(7).setTableId(TableId.of(table)).setPriority(priority).setCookie(U64.of(cookie))
                .setCookieMask(U64.of(cookieMask)).setBufferId(OFBufferId.NO_BUFFER).setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY).setMatch(match).setInstructions(instructions).build();
    }

    static FlowMod decode(OFMessage m, java.util.function.LongPredicate meters) {
        ByteBuf b = Unpooled.buffer();
        m.writeTo(b);
        return FlowMod.parse(b, meters);
    }

    static FlowMod add(int table, int priority, long cookie, Match match, List<OFInstruction> instructions) {
        return decode(message(OFFlowModCommand.ADD, table, priority, cookie, 0, match, instructions), id -> false);
    }

    static FlowMod mod(OFFlowModCommand command, int table, int priority, long cookie, long cookieMask, Match match,
                       List<OFInstruction> instructions) {
        return decode(message(command, table, priority, cookie, cookieMask, match, instructions), id -> false);
    }

    static List<OFInstruction> output(int port) {
        return List.of(F.instructions().applyActions(List.<OFAction>of(F.actions().output(OFPort.of(port), 0))));
    }
}
