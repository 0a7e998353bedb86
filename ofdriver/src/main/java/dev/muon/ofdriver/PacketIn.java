package dev.muon.ofdriver;

/**
 * A packet a switch sent to the controller.
 *
 * @param inPort  the OpenFlow port it entered on (may be a reserved port such as
 *                {@link OpenFlowPorts#CONTROLLER} for a packet-out the controller made)
 * @param tableId the table whose flow sent it
 * @param cookie  that flow's cookie
 * @param data    the whole frame (Muon asks for unbuffered, full-length packet-ins)
 */
public record PacketIn(int inPort, int tableId, long cookie, byte[] data) {
}
