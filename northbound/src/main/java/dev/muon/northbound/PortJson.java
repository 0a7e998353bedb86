package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.compile.TrunkNames;
import dev.muon.pipeline.model.AllowedAddressPair;
import dev.muon.pipeline.model.DeviceOwner;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.Port;

import java.util.Optional;
import java.util.Set;

/**
 * Port ⇄ Neutron JSON, including the port binding, security group, allowed address pairs and
 * trunk-details extensions. A bound port's VIF is plugged straight into br-int by os-vif (no
 * hybrid plug: filtering happens in OVS), which is what binding:vif_details tells Nova; a
 * trunk's parent into its trunk bridge {@code tbr-…} instead (bridge_name, as Neutron's trunk
 * driver says it); a distributed router interface is bound everywhere ("distributed"). With
 * extra_dhcp_opt, dns-integration and dns-domain-ports: extra_dhcp_opts, dns_name, dns_domain and
 * dns_assignment (one name per fixed IP: dns_name, or host-&lt;address dashed&gt;, in the view's domain).
 */
final class PortJson {
    static final String RESOURCE = "port";
    static final String COLLECTION = "ports";
    private static final String[] BINDING_ADMIN = {"binding:host_id", "binding:profile"};
    /** Neutron keeps binding:profile as JSON in a column of 4095 characters. */
    private static final int MAX_PROFILE_JSON = 4095;

    static final AttributeSpec ATTRIBUTES = AttributeSpec.builder(RESOURCE)
            .readOnly("id", "status", "created_at", "updated_at", "revision_number", "binding:vif_type",
                    "binding:vif_details", "trunk_details", "ip_allocation", "dns_assignment")
            .create("project_id", "tenant_id", "network_id", "tags")
            .createUpdate("name", "description", "mac_address", "fixed_ips", "admin_state_up", "device_id",
                    "device_owner", "binding:host_id", "binding:vnic_type", "binding:profile",
                    "port_security_enabled", "allowed_address_pairs", "security_groups")
            .createUpdate(ExtraDhcpOptsJson.ATTRIBUTE, "dns_name", "dns_domain")
            .adminWrite(BINDING_ADMIN)
            .adminRead(BINDING_ADMIN)
            .adminRead("binding:vif_type", "binding:vif_details")
            .build();

    static final CrudResource.Shape<PortView, PortRequest> SHAPE =
            new CrudResource.Shape<>(RESOURCE, COLLECTION, ATTRIBUTES, PortJson::render, PortJson::parse);

    private PortJson() {
    }

    static ObjectNode render(PortView view) {
        Port p = view.port();
        ObjectNode node = Json.object();
        node.put("id", p.id());
        node.put("name", p.name());
        node.put("description", p.description());
        node.put("network_id", p.networkId());
        node.put("mac_address", p.macAddress());
        ArrayNode ips = node.putArray("fixed_ips");
        for (FixedIp ip : p.fixedIps()) {
            ips.addObject().put("subnet_id", ip.subnetId()).put("ip_address", ip.ipAddress());
        }
        node.put("admin_state_up", p.adminStateUp());
        node.put("status", p.status());
        node.put("device_id", p.deviceId());
        node.put("device_owner", p.deviceOwner());
        node.put("binding:host_id", p.bindingHostId());
        boolean distributed = p.deviceOwner().equals(DeviceOwner.ROUTER_INTERFACE_DISTRIBUTED);
        node.put("binding:vif_type", distributed ? "distributed" : p.isBound() ? "ovs" : "unbound");
        node.put("binding:vnic_type", "normal");
        // valueToTree is a serialization round trip: most ports have no profile, and a list renders thousands
        boolean noProfile = p.bindingProfile() != null && p.bindingProfile().isEmpty();
        node.set("binding:profile", noProfile ? Json.object() : Json.MAPPER.valueToTree(p.bindingProfile()));
        ObjectNode details = node.putObject("binding:vif_details");
        if (p.isBound() && !distributed) {
            details.put("port_filter", true);
            details.put("ovs_hybrid_plug", false);
            details.put("connectivity", "l2");
            details.put("bridge_name", view.trunkDetails() == null ? "br-int"
                    : TrunkNames.bridge(view.trunkDetails().trunkId()));
        }
        ArrayNode groups = node.putArray("security_groups");
        p.securityGroups().forEach(groups::add);
        ArrayNode pairs = node.putArray("allowed_address_pairs");
        for (AllowedAddressPair a : p.allowedAddressPairs()) {
            pairs.addObject().put("ip_address", a.ipAddress())
                    .put("mac_address", a.macAddress() == null ? p.macAddress() : a.macAddress());
        }
        node.put("port_security_enabled", p.portSecurityEnabled());
        node.put("ip_allocation", "immediate");
        if (view.trunkDetails() != null) {
            ObjectNode trunk = node.putObject("trunk_details");
            trunk.put("trunk_id", view.trunkDetails().trunkId());
            ArrayNode subPorts = trunk.putArray("sub_ports");
            for (PortView.SubPortDetail s : view.trunkDetails().subPorts()) {
                subPorts.addObject()
                        .put("segmentation_id", s.subPort().segmentationId())
                        .put("segmentation_type", s.subPort().segmentationType())
                        .put("port_id", s.subPort().portId())
                        .put("mac_address", s.macAddress());
            }
        }
        ExtraDhcpOptsJson.render(node, p.extraDhcpOpts());
        node.put("dns_name", p.dnsName());
        node.put("dns_domain", p.dnsDomain());
        ArrayNode assignment = node.putArray("dns_assignment");
        for (FixedIp ip : p.fixedIps()) {
            String host = p.dnsName().isEmpty() ? "host-" + ip.ipAddress().replace('.', '-').replace(':', '-')
                    : p.dnsName();
            String fqdn = host.endsWith(".") || view.dnsDomain().isEmpty() ? host : host + "." + view.dnsDomain();
            assignment.addObject().put("ip_address", ip.ipAddress()).put("hostname", host).put("fqdn", fqdn);
        }
        Json.standardAttributes(node, p.projectId(), p.createdAt(), p.updatedAt(), p.revisionNumber(), p.tags());
        return node;
    }

    static PortRequest parse(ObjectNode body, Operation operation, RequestContext ctx) {
        AttributeReader r = AttributeReader.of(body, ATTRIBUTES, operation, ctx);
        // Nova unbinds with "binding:host_id": null; that means "no host".
        Optional<String> host = r.nullableString("binding:host_id");
        Optional<String> mac = r.nullableString("mac_address");
        if (mac != null && mac.isPresent() && mac.get().equals(PortRequest.NEW_MAC)) {
            throw NeutronException.badRequest("Invalid input for mac_address. Reason: '' is not a valid MAC address.");
        }
        return new PortRequest(
                r.string("name"),
                r.string("description"),
                operation == Operation.CREATE ? ProjectIds.resolve(r) : null,
                r.uuid("network_id"),
                mac == null ? null : mac.orElse(PortRequest.NEW_MAC),
                r.objects("fixed_ips", Set.of("subnet_id", "ip_address"), Set.of(),
                        f -> new FixedIp(f.uuid("subnet_id"), f.string("ip_address"))),
                r.bool("admin_state_up"),
                r.string("device_id"),
                r.string("device_owner"),
                host == null ? null : host.orElse(""),
                r.string("binding:vnic_type"),
                r.bool("port_security_enabled"),
                r.emptyIfNull("allowed_address_pairs", name -> r.objects(name,
                        Set.of("ip_address", "mac_address"), Set.of("ip_address"),
                        a -> new AllowedAddressPair(a.string("ip_address"), a.stringOrAbsent("mac_address")))),
                r.emptyIfNull("security_groups", r::uuids),
                r.map("binding:profile", MAX_PROFILE_JSON),
                r.tags(),
                ExtraDhcpOptsJson.parse(body),
                r.string("dns_name") == null ? null : DnsNames.hostName("dns_name", r.string("dns_name")),
                r.string("dns_domain") == null ? null : DnsNames.domain("dns_domain", r.string("dns_domain")));
    }
}
