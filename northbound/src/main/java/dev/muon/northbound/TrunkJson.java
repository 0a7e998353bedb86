package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.SubPort;
import dev.muon.pipeline.model.Trunk;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Trunk ⇄ Neutron JSON (trunk extension). */
final class TrunkJson {
    static final String RESOURCE = "trunk";
    static final String COLLECTION = "trunks";
    private static final Set<String> SUB_PORT_KEYS = Set.of("port_id", "segmentation_type", "segmentation_id");

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "status", "created_at", "updated_at", "revision_number")
            .create("project_id", "tenant_id", "port_id", "sub_ports", "tags")
            .createUpdate("name", "description", "admin_state_up")
            .build();

    static final CrudResource.Shape<Trunk, TrunkRequest> SHAPE =
            new CrudResource.Shape<>(RESOURCE, COLLECTION, ATTRIBUTES, TrunkJson::render, TrunkJson::parse);

    private TrunkJson() {
    }

    static ObjectNode render(Trunk t) {
        ObjectNode node = Json.object();
        node.put("id", t.id());
        node.put("name", t.name());
        node.put("description", t.description());
        node.put("port_id", t.portId());
        node.put("admin_state_up", t.adminStateUp());
        node.put("status", t.status());
        node.set("sub_ports", subPorts(t.subPorts()));
        Json.standardAttributes(node, t.projectId(), t.createdAt(), t.updatedAt(), t.revisionNumber(), t.tags());
        return node;
    }

    static ArrayNode subPorts(List<SubPort> subPorts) {
        ArrayNode array = Json.array();
        for (SubPort s : subPorts) {
            array.addObject()
                    .put("segmentation_id", s.segmentationId())
                    .put("segmentation_type", s.segmentationType())
                    .put("port_id", s.portId());
        }
        return array;
    }

    static TrunkRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        return new TrunkRequest(
                r.string("name"),
                r.string("description"),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.uuid("port_id"),
                r.bool("admin_state_up"),
                subPorts(r),
                r.tags());
    }

    /**
     * The "sub_ports" list of a body, checked as Neutron's validate_subports checks it before any
     * port is looked up: each names a port once, and one with segmentation details has both,
     * used once in the list ("inherit" is resolved later). The service checks the rest.
     */
    static List<SubPortRequest> subPorts(AttributeReader r) {
        List<SubPortRequest> subPorts = r.objects("sub_ports", SUB_PORT_KEYS, Set.of("port_id"),
                s -> new SubPortRequest(s.uuid("port_id"), s.stringOrAbsent("segmentation_type"),
                        s.integerOrAbsent("segmentation_id")));
        if (subPorts != null) {
            checkSegmentations(subPorts);
        }
        return subPorts;
    }

    private static void checkSegmentations(List<SubPortRequest> subPorts) {
        Set<String> ports = new HashSet<>();
        Set<String> segmentations = new HashSet<>();
        for (SubPortRequest s : subPorts) {
            if (!ports.add(s.portId())) {
                throw invalidSubPorts("Non unique UUID for subport: '" + s.portId() + "'");
            }
            if (SubPortRequest.INHERIT.equals(s.segmentationType())) {
                continue;
            }
            boolean some = s.segmentationType() != null || s.segmentationId() != null;
            if (some && (s.segmentationType() == null || s.segmentationId() == null)) {
                throw invalidSubPorts("Invalid subport details for '" + s.portId() + "': missing "
                        + "segmentation information. Must specify both segmentation_id and segmentation_type");
            }
            if (some && !segmentations.add(s.segmentationType() + ":" + s.segmentationId())) {
                throw invalidSubPorts("Segmentation ID '" + s.segmentationId() + "' for '"
                        + s.portId() + "' is not unique");
            }
        }
    }

    private static NeutronException invalidSubPorts(String reason) {
        return NeutronException.badRequest("Invalid input for sub_ports. Reason: " + reason + ".");
    }
}
