package dev.muon.simulator.openflow;

import io.netty.buffer.ByteBuf;

/**
 * Actions in the form Open vSwitch dumps them: OVS decodes a flow's actions and encodes them
 * again, and a few come back different from how they went in. Those the comparison with OVS
 * found are rewritten here (set_field with a Nicira header gets the field's OpenFlow-basic one;
 * NXAST_SET_TUNNEL and NXAST_SET_TUNNEL64 become a set_field of OXM_OF_TUNNEL_ID); every other
 * action is kept byte for byte, as OVS re-encodes it to the same bytes.
 */
final class ActionForms {
    private static final int SET_FIELD = 25;
    private static final int EXPERIMENTER = 0xffff;
    private static final long NICIRA = 0x2320;
    private static final int NX_SET_TUNNEL = 2;
    private static final int NX_SET_TUNNEL64 = 9;

    private ActionForms() {
    }

    /** Writes the (already checked) actions in {@code [pos, end)} to {@code out} in OVS's form. */
    static void write(ByteBuf b, int pos, int end, ByteBuf out) {
        while (pos < end) {
            int type = b.getUnsignedShort(pos);
            int length = b.getUnsignedShort(pos + 2);
            if (type == SET_FIELD) {
                setField(b, pos, length, out);
            } else if (type == EXPERIMENTER && b.getUnsignedInt(pos + 4) == NICIRA
                    && (b.getUnsignedShort(pos + 8) == NX_SET_TUNNEL || b.getUnsignedShort(pos + 8) == NX_SET_TUNNEL64)) {
                long tunnel = b.getUnsignedShort(pos + 8) == NX_SET_TUNNEL ? b.getUnsignedInt(pos + 12) : b.getLong(pos + 16);
                out.writeShort(SET_FIELD).writeShort(16).writeInt((int) OvsField.TUN_ID.header).writeLong(tunnel);
            } else {
                out.writeBytes(b, pos, length);
            }
            pos += length;
        }
    }

    /** A Nicira header where the field has an OpenFlow-basic one of the same size: that one (not in_port's 16-bit set form). */
    private static void setField(ByteBuf b, int pos, int length, ByteBuf out) {
        long header = b.getUnsignedInt(pos + 4);
        OvsField f = OvsField.of(header);
        if (f != null && header == f.altHeader && f != OvsField.IN_PORT && (f.header & 0xff) == (header & 0xff)) {
            int at = out.writerIndex();
            out.writeBytes(b, pos, length);
            out.setInt(at + 4, (int) f.header);
        } else {
            out.writeBytes(b, pos, length);
        }
    }
}
