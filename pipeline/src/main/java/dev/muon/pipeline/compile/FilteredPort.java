package dev.muon.pipeline.compile;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SecurityGroup;
import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.model.Trunk;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A local port the firewall filters: port security on and not a trunk's subport (seed 000: subports
 * are not filtered, as with Neutron's openvswitch firewall; the parent is). Its groups are those of
 * its security_groups that exist; with none it admits and sends no IP at all, as Neutron. It is
 * stateless when every group it has is {@code stateful=false} (Neutron refuses a mix).
 */
record FilteredPort(LocalPort local, List<SecurityGroup> groups, boolean stateful) {

    int ofport() {
        return local.ofport();
    }

    int zone() {
        return local.localVlan();
    }

    /** The filtered ports of the node, in ofport order. */
    static List<FilteredPort> of(CompileContext ctx) {
        NetworkModel model = ctx.topo().model();
        Set<String> subports = new HashSet<>();
        for (Trunk t : model.all(ResourceKind.TRUNK).values()) {
            t.subPorts().stream().map(SubPort::portId).forEach(subports::add);
        }
        List<FilteredPort> out = new ArrayList<>();
        for (LocalPort lp : ctx.topo().localPorts()) {
            if (!lp.port().portSecurityEnabled() || subports.contains(lp.port().id())) {
                continue;
            }
            List<SecurityGroup> groups = lp.port().securityGroups().stream().distinct().sorted()
                    .flatMap(id -> model.securityGroup(id).stream()).toList();
            boolean stateful = groups.isEmpty() || groups.stream().anyMatch(SecurityGroup::stateful);
            out.add(new FilteredPort(lp, groups, stateful));
        }
        out.sort(Comparator.comparingInt(FilteredPort::ofport));
        return out;
    }
}
