package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.inPort;
import static dev.muon.pipeline.flow.Action.move;
import static dev.muon.pipeline.flow.Action.setField;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import java.util.List;

/**
 * Turns an ARP request into the reply {@code mac} would send for {@code ip} and returns it
 * where it came from: Neutron's ARP responder action list, with OpenFlow 1.3 set_field for its
 * loads. One builder for every responder: remote ports on br-tun today, router interfaces on
 * br-int and gateway/floating IPs on the external bridge next.
 */
final class ArpReply {
    static final int REQUEST = 1;
    static final int REPLY = 2;

    private ArpReply() {
    }

    static List<Action> answering(String mac, String ip) {
        return List.of(
                move(Field.ETH_SRC, Field.ETH_DST),
                setField(Field.ETH_SRC, mac),
                setField(Field.ARP_OP, Integer.toString(REPLY)),
                move(Field.ARP_SHA, Field.ARP_THA),
                move(Field.ARP_SPA, Field.ARP_TPA),
                setField(Field.ARP_SHA, mac),
                setField(Field.ARP_SPA, ip),
                inPort());
    }
}
