package dev.muon.simulator.openflow;

import com.google.common.hash.PrimitiveSink;
import io.netty.buffer.ByteBuf;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;

/** Whole action bytes in the place of a Loxi action, for actions Loxi cannot build. */
record RawTestAction(byte[] bytes) implements OFAction {
    @Override
    public OFActionType getType() {
        return OFActionType.EXPERIMENTER;
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_14;
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeBytes(bytes);
    }

    @Override
    public void putTo(PrimitiveSink sink) {
        sink.putBytes(bytes);
    }

    @Override
    public Builder createBuilder() {
        throw new UnsupportedOperationException();
    }
}
