package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

class OpenFlowDecoderTest {

    /** An OpenFlow 1.4 ERROR whose code Loxi does not know still names its type, code and xid. */
    @Test
    void anErrorWithAnUnknownCodeIsReadFromItsOwnHeader() {
        ByteBuf frame = Unpooled.buffer();
        frame.writeByte(5).writeByte(1).writeShort(12 + 16).writeInt(1234);   // OF1.4 ERROR, xid 1234
        frame.writeShort(5).writeShort(99);                                     // FLOW_MOD_FAILED, code 99
        frame.writeByte(5).writeByte(14).writeShort(56).writeInt(777);         // start of the rejected flow-mod
        frame.writeLong(0);
        EmbeddedChannel channel = new EmbeddedChannel(new OpenFlowDecoder());
        channel.writeInbound(frame);
        OpenFlowErrorException e = channel.readInbound();
        assertEquals("5", e.errorType());
        assertEquals("99", e.errorCode());
        assertEquals(1234, e.xid());
    }
}
