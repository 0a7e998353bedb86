package dev.muon.controller.l3;

import dev.muon.ofdriver.PacketIn;
import dev.muon.pipeline.flow.PipelineTable;
import java.util.Optional;

/**
 * The ICMP errors a router sends that flows cannot build, and the packet-ins that ask for
 * each (the contract with the routing flows on br-int):
 * <ul>
 * <li>reason INVALID_TTL from L3_ROUTE: {@code dec_ttl} found TTL 0 or 1; the frame is as the
 *     VM sent it → Time Exceeded;</li>
 * <li>an output to the controller in L3_ROUTE: no route; the frame is as the VM sent it →
 *     Destination (net) Unreachable;</li>
 * <li>an output to the controller in L3_NEIGHBOR: larger than the egress network's MTU
 *     ({@code check_pkt_larger}); the frame is routed (source MAC the egress router interface,
 *     destination still the ingress one, TTL decremented) → Fragmentation Needed.</li>
 * </ul>
 */
enum IcmpError {
    TIME_EXCEEDED(11, 0),
    NET_UNREACHABLE(3, 0),
    FRAG_NEEDED(3, 4);

    static final int ROUTE_TABLE = PipelineTable.INT_L3_ROUTE.number();
    static final int NEIGHBOR_TABLE = PipelineTable.INT_L3_NEIGHBOR.number();

    final byte type;
    final byte code;

    IcmpError(int type, int code) {
        this.type = (byte) type;
        this.code = (byte) code;
    }

    /** Whether a packet-in comes from a table whose packet-ins are routing's (never DHCP's). */
    static boolean isRoutingTable(int tableId) {
        return tableId == ROUTE_TABLE || tableId == NEIGHBOR_TABLE;
    }

    /** The error a packet-in asks for, from its table and reason alone. */
    static Optional<IcmpError> of(PacketIn packetIn) {
        if (packetIn.tableId() == ROUTE_TABLE) {
            if (packetIn.reason() == PacketIn.Reason.INVALID_TTL) {
                return Optional.of(TIME_EXCEEDED);
            }
            return packetIn.reason().byAction() ? Optional.of(NET_UNREACHABLE) : Optional.empty();
        }
        if (packetIn.tableId() == NEIGHBOR_TABLE && packetIn.reason().byAction()) {
            return Optional.of(FRAG_NEEDED);
        }
        return Optional.empty();
    }
}
