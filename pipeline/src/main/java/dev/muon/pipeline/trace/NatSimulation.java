package dev.muon.pipeline.trace;

import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Nat;
import java.math.BigInteger;

/**
 * A ct(nat(...)) on a traced packet, as ofproto/trace simulates it: the first address (and
 * port, for TCP and UDP) of the range replaces the source or destination.
 */
final class NatSimulation {
    private NatSimulation() {
    }

    static void apply(Nat nat, TracePacket p) {
        boolean src = nat.kind() == Nat.Kind.SRC;
        boolean v6 = nat.ipMin().contains(":");
        Field ip = v6 ? (src ? Field.IPV6_SRC : Field.IPV6_DST) : (src ? Field.IPV4_SRC : Field.IPV4_DST);
        p.set(ip, TracePacket.bits(ip, nat.ipMin()));
        if (nat.portMin() != null && nat.portMin() != 0) {
            BigInteger proto = p.value(Field.IP_PROTO);
            if (proto != null && (proto.intValue() == Field.IP_PROTO_TCP || proto.intValue() == Field.IP_PROTO_UDP)) {
                p.set(p.field(src ? "tp_src" : "tp_dst"), BigInteger.valueOf(nat.portMin()));
            }
        }
    }
}
