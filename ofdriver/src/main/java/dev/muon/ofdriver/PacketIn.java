package dev.muon.ofdriver;

/**
 * A packet a switch sent to the controller.
 *
 * @param inPort  the OpenFlow port it entered on (may be a reserved port such as
 *                {@link OpenFlowPorts#CONTROLLER} for a packet-out the controller made)
 * @param reason  why the switch sent it
 * @param tableId the table whose flow sent it
 * @param cookie  that flow's cookie
 * @param data    the whole frame (Muon asks for unbuffered, full-length packet-ins)
 */
public record PacketIn(int inPort, Reason reason, int tableId, long cookie, byte[] data) {

    /**
     * ofp_packet_in_reason. On OpenFlow 1.3 every explicit output to the controller reads
     * {@link #ACTION}; 1.4 tells apart the action set, a group bucket and a packet-out.
     */
    public enum Reason {
        NO_MATCH, ACTION, INVALID_TTL, ACTION_SET, GROUP, PACKET_OUT, OTHER;

        /** Sent by an output to the controller in a flow or packet-out, not by a miss or a TTL. */
        public boolean byAction() {
            return this == ACTION || this == ACTION_SET || this == GROUP || this == PACKET_OUT;
        }

        public static Reason ofWire(int value) {
            return value >= 0 && value < OTHER.ordinal() ? values()[value] : OTHER;
        }
    }
}
