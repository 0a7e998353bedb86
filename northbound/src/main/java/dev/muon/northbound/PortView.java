package dev.muon.northbound;

import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.model.SubPort;

import java.util.List;

/**
 * A port as the API shows it: the model record plus, for a trunk's parent port, Neutron's
 * trunk_details (the trunk and its subports with their MAC addresses), else null; and the DNS
 * domain its dns_assignment names it in (the port's, else its network's, else the deployment's;
 * "" for none).
 */
public record PortView(Port port, TrunkDetails trunkDetails, String dnsDomain) {

    public PortView {
        dnsDomain = DnsNames.absolute(dnsDomain);
    }

    /** A port named in no DNS domain. */
    public PortView(Port port, TrunkDetails trunkDetails) {
        this(port, trunkDetails, "");
    }

    public record TrunkDetails(String trunkId, List<SubPortDetail> subPorts) {
        public TrunkDetails {
            subPorts = List.copyOf(subPorts);
        }
    }

    public record SubPortDetail(SubPort subPort, String macAddress) {
    }
}
