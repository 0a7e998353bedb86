package dev.muon.northbound;

import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.model.Trunk;

import java.util.List;

/** Trunks: the collection plus Neutron's member actions on /v2.0/trunks/{id}/... */
public interface TrunkService extends ResourceService<Trunk, TrunkRequest> {

    /** PUT add_subports: all or none of {@code subPorts} are added. */
    Trunk addSubPorts(RequestContext ctx, String trunkId, List<SubPortRequest> subPorts);

    /** PUT remove_subports: each named port must be a subport of this trunk. */
    Trunk removeSubPorts(RequestContext ctx, String trunkId, List<SubPortRequest> subPorts);

    /** GET get_subports. */
    List<SubPort> subPorts(RequestContext ctx, String trunkId);
}
