package dev.muon.controller.reconcile;

import java.util.List;

/**
 * What a reconciliation pass found the dataplane to back, judged against the snapshot it compiled:
 * port bindings and the statuses of trunks, routers and floating IPs. The pass hands them over
 * together so they are written in one transaction (and so cause one further pass, not one per port).
 */
public record PassStatuses(List<PortBindings.Change> bindings, List<TrunkStatuses.Change> trunks,
                           List<RouterStatuses.Change> routers, List<FloatingIpStatuses.Change> floatingIps) {
    public PassStatuses {
        bindings = List.copyOf(bindings);
        trunks = List.copyOf(trunks);
        routers = List.copyOf(routers);
        floatingIps = List.copyOf(floatingIps);
    }

}
