package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Malformed values thrown at every collection and action: wrong types, huge strings and numbers,
 * fractions, nested objects where a scalar belongs, unknown attributes, bodies of the wrong shape,
 * bulk creates with one bad item. Each must answer a 4xx Neutron error and leave the model as it was.
 */
class MalformedValuesApiTest {
    private static final String HUGE = "'" + "x".repeat(300) + "'";
    private static final String NESTED = "{'a': {'b': [1]}}";
    private static final String BIG = "4294967296";
    private static final String BIG_NEGATIVE = "-99999999999999999999";
    private static final String MISSING = "'8a006464-a029-4806-829f-f398edf60c34'";

    /** The malformed values of each kind of attribute. */
    private static final Map<String, List<String>> BAD = Map.of(
            "string", List.of("42", "true", "[1]", NESTED, HUGE, "1.5"),
            "uuid", List.of("42", "true", "[1]", NESTED, HUGE, "'not-a-uuid'", "''"),
            "bool", List.of("'maybe'", "2", BIG, "1.5", "[1]", NESTED, HUGE),
            "int", List.of("'many'", BIG, BIG_NEGATIVE, "1.5", "true", "[1]", NESTED, HUGE),
            "strings", List.of(HUGE, "42", NESTED, "[1]", "[" + HUGE + "]", "[[1]]"),
            "objects", List.of(HUGE, "42", "[1]", "['x']", "[{'bogus': 1}]", "[" + NESTED + "]"),
            "map", List.of(HUGE, "42", "[1]", "true"),
            "object", List.of(HUGE, "42", "[1]", "{'bogus': 1}", "{'network_id': 42}"),
            "protocol", List.of("[1]", NESTED, BIG, HUGE, "'bogus'", "1.5", "-1"));

    private NeutronApi api;
    private final List<String> failures = new ArrayList<>();

    private String network;
    private String subnet;
    private String port;
    private String router;
    private String group;
    private String trunk;
    private String externalNetwork;

    @BeforeEach
    void start() throws Exception {
        api = new NeutronApi();
        network = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        subnet = api.create("subnets", "subnet", "{'network_id': '" + network + "', 'cidr': '10.0.0.0/24'}")
                .get("id").asText();
        port = api.create("ports", "port", "{'network_id': '" + network + "'}").get("id").asText();
        router = api.create("routers", "router", "{'name': 'r'}").get("id").asText();
        group = api.create("security-groups", "security_group", "{'name': 'g'}").get("id").asText();
        String parent = api.create("ports", "port", "{'network_id': '" + network + "'}").get("id").asText();
        trunk = api.create("trunks", "trunk", "{'port_id': '" + parent + "'}").get("id").asText();
        externalNetwork = api.create("networks", "network", "{'name': 'ext', 'router:external': true}")
                .get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + externalNetwork + "', 'cidr': '172.24.4.0/24'}");
        api.create("subnetpools", "subnetpool", "{'name': 'p', 'prefixes': ['10.100.0.0/16']}");
        api.get("/v2.0/security-groups");   // the default group, which a list creates, exists from now on
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** One collection: its paths, a valid create body's attributes, and the type of each attribute tried. */
    private record Collection(String path, String resource, String member, String base, Map<String, String> types) {
    }

    private List<Collection> collections() throws Exception {
        String freshPort = api.create("ports", "port", "{'network_id': '" + network + "'}").get("id").asText();
        String pool = api.get("/v2.0/subnetpools").get("subnetpools").get(0).get("id").asText();
        String rule = api.create("security-group-rules", "security_group_rule", "{'security_group_id': '" + group
                + "', 'direction': 'ingress', 'protocol': 'tcp', 'port_range_min': 22, 'port_range_max': 22}")
                .get("id").asText();
        String fip = api.create("floatingips", "floatingip", "{'floating_network_id': '" + externalNetwork + "'}")
                .get("id").asText();
        return List.of(
                new Collection("networks", "network", network, "'name': 'x'", types(
                        "name", "string", "description", "string", "admin_state_up", "bool", "shared", "bool",
                        "router:external", "bool", "is_default", "bool", "mtu", "int",
                        "port_security_enabled", "bool", "provider:network_type", "string",
                        "provider:physical_network", "string", "provider:segmentation_id", "int",
                        "project_id", "string", "tenant_id", "string", "tags", "strings")),
                new Collection("subnets", "subnet", subnet, "'network_id': '" + network + "', 'cidr': '10.9.0.0/24'",
                        types("name", "string", "description", "string", "network_id", "uuid", "cidr", "string",
                                "ip_version", "int", "gateway_ip", "string", "allocation_pools", "objects",
                                "enable_dhcp", "bool", "dns_nameservers", "strings", "host_routes", "objects",
                                "ipv6_ra_mode", "string", "ipv6_address_mode", "string", "subnetpool_id", "uuid",
                                "use_default_subnetpool", "bool", "prefixlen", "int", "project_id", "string",
                                "tags", "strings")),
                new Collection("subnetpools", "subnetpool", pool, "'name': 'q', 'prefixes': ['10.200.0.0/16']",
                        types("name", "string", "description", "string", "prefixes", "strings",
                                "default_prefixlen", "int", "min_prefixlen", "int", "max_prefixlen", "int",
                                "is_default", "bool", "shared", "bool", "default_quota", "int",
                                "address_scope_id", "uuid", "project_id", "string", "tags", "strings")),
                new Collection("ports", "port", port, "'network_id': '" + network + "'", types(
                        "name", "string", "description", "string", "network_id", "uuid", "mac_address", "string",
                        "fixed_ips", "objects", "admin_state_up", "bool", "device_id", "string",
                        "device_owner", "string", "binding:host_id", "string", "binding:vnic_type", "string",
                        "port_security_enabled", "bool", "allowed_address_pairs", "objects",
                        "security_groups", "strings", "binding:profile", "map", "project_id", "string",
                        "tags", "strings")),
                new Collection("routers", "router", router, "'name': 'x'", types(
                        "name", "string", "description", "string", "admin_state_up", "bool",
                        "external_gateway_info", "object", "distributed", "bool", "ha", "bool", "routes", "objects",
                        "project_id", "string", "tags", "strings")),
                new Collection("floatingips", "floatingip", fip, "'floating_network_id': '" + externalNetwork + "'",
                        types("description", "string", "floating_network_id", "uuid",
                                "floating_ip_address", "string", "subnet_id", "uuid", "port_id", "uuid",
                                "fixed_ip_address", "string", "project_id", "string", "tags", "strings")),
                new Collection("security-groups", "security_group", group, "'name': 'x'", types(
                        "name", "string", "description", "string", "stateful", "bool", "project_id", "string",
                        "tags", "strings")),
                new Collection("security-group-rules", "security_group_rule", rule,
                        "'security_group_id': '" + group + "', 'direction': 'egress'", types(
                        "security_group_id", "uuid", "direction", "string", "ethertype", "string",
                        "protocol", "protocol", "port_range_min", "int", "port_range_max", "int",
                        "remote_ip_prefix", "string", "remote_group_id", "string", "description", "string",
                        "project_id", "string")),
                new Collection("trunks", "trunk", trunk, "'port_id': '" + freshPort + "'", types(
                        "name", "string", "description", "string", "admin_state_up", "bool", "port_id", "uuid",
                        "sub_ports", "objects", "project_id", "string", "tags", "strings")));
    }

    private static Map<String, String> types(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** Sends a request that must be refused with a 4xx Neutron error and change nothing. */
    private void refused(String method, String path, String body) throws Exception {
        long version = api.store.version();
        HttpResponse<String> r = api.send(method, path, body);
        String what = method + " " + path + " " + (body == null ? "" : body.length() > 200
                ? body.substring(0, 200) + "..." : body);
        if (r.statusCode() < 400 || r.statusCode() >= 500) {
            failures.add(what + " -> " + r.statusCode() + " " + r.body());
        } else {
            JsonNode error = NeutronApi.JSON.readTree(r.body()).get("NeutronError");
            if (error == null || error.get("type").asText().isEmpty() || r.body().length() > 2000) {
                failures.add(what + " -> not a short Neutron error: " + r.body());
            }
        }
        if (api.store.version() != version) {
            failures.add(what + " -> changed the model (" + r.statusCode() + ")");
        }
    }

    @Test
    void everyAttributeOfEveryCollectionRefusesMalformedValues() throws Exception {
        for (Collection c : collections()) {
            String path = "/v2.0/" + c.path();
            for (Map.Entry<String, String> attribute : c.types().entrySet()) {
                for (String bad : BAD.get(attribute.getValue())) {
                    String value = "'" + attribute.getKey() + "': " + bad;
                    refused("POST", path, "{'" + c.resource() + "': {" + c.base() + ", " + value + "}}");
                    refused("PUT", path + "/" + c.member(), "{'" + c.resource() + "': {" + value + "}}");
                }
            }
            refused("POST", path, "{'" + c.resource() + "': {" + c.base() + ", 'bogus': 1}}");
            refused("PUT", path + "/" + c.member(), "{'" + c.resource() + "': {'bogus': 1}}");
            for (String body : List.of("{'" + c.resource() + "': []}", "{'" + c.resource() + "': null}",
                    "{'" + c.resource() + "': 'x'}", "[]", "'x'", "{", "{'" + c.resource() + "': {}} tail",
                    "{'" + c.resource() + "': {" + c.base() + "}, 'extra': 1}")) {
                refused("POST", path, body);
                refused("PUT", path + "/" + c.member(), body);
            }
            // Bulk: one good item and one bad; neither is created.
            String firstType = c.types().values().iterator().next();
            String badItem = "{" + c.base() + ", '" + c.types().keySet().iterator().next() + "': "
                    + BAD.get(firstType).get(0) + "}";
            refused("POST", path, "{'" + c.path().replace('-', '_') + "': [{" + c.base() + "}, " + badItem + "]}");
            refused("POST", path, "{'" + c.path().replace('-', '_') + "': []}");
            refused("POST", path, "{'" + c.path().replace('-', '_') + "': [1]}");
        }
        assertEquals(List.of(), failures, failures.size() + " requests were not refused cleanly");
    }

    @Test
    void actionsRefuseMalformedBodies() throws Exception {
        String routerPath = "/v2.0/routers/" + router + "/";
        for (String action : List.of("add_router_interface", "remove_router_interface")) {
            for (String body : List.of("{}", "{'subnet_id': 42}", "{'subnet_id': " + HUGE + "}", "{'port_id': [1]}",
                    "{'subnet_id': " + MISSING + "}", "{'subnet_id': '" + subnet + "', 'port_id': '" + port + "'}",
                    "[]", "'x'", "{'subnet_id': '" + subnet + "'} tail", "{'subnet_id': " + NESTED + "}")) {
                refused("PUT", routerPath + action, body);
            }
        }
        for (String action : List.of("add_extraroutes", "remove_extraroutes")) {
            for (String body : List.of("{'router': {'routes': " + HUGE + "}}", "{'router': {'routes': [1]}}",
                    "{'router': {}}", "{'router': {'routes': [{'destination': " + HUGE + ", 'nexthop': 1}]}}",
                    "{'routes': []}")) {
                refused("PUT", routerPath + action, body);
            }
        }
        String subPort = api.create("ports", "port", "{'network_id': '" + network + "'}").get("id").asText();
        String trunkPath = "/v2.0/trunks/" + trunk + "/";
        for (String action : List.of("add_subports", "remove_subports")) {
            for (String body : List.of("{}", "{'sub_ports': " + HUGE + "}", "{'sub_ports': [1]}",
                    "{'sub_ports': [{'port_id': 42}]}", "{'sub_ports': [{'bogus': 1}]}",
                    "{'sub_ports': [{'port_id': '" + subPort + "', 'segmentation_type': 'vlan', "
                            + "'segmentation_id': " + BIG + "}]}",
                    "{'sub_ports': [{'port_id': '" + subPort + "', 'segmentation_type': " + HUGE + ", "
                            + "'segmentation_id': 10}]}",
                    "{'sub_ports': [{'port_id': '" + subPort + "', 'segmentation_type': 'vlan', "
                            + "'segmentation_id': 1.5}]}",
                    "{'sub_ports': [{'port_id': " + MISSING + ", 'segmentation_type': 'vlan', "
                            + "'segmentation_id': 10}]}")) {
                refused("PUT", trunkPath + action, body);
            }
        }
        StringJoiner tooMany = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < 51; i++) {
            tooMany.add("'t" + i + "'");
        }
        for (String collection : List.of("networks", "subnets", "ports", "routers", "security-groups",
                "trunks")) {
            String id = api.get("/v2.0/" + collection).get(collection.replace('-', '_')).get(0).get("id").asText();
            String tags = "/v2.0/" + collection + "/" + id + "/tags";
            for (String body : List.of("{'tags': " + HUGE + "}", "{'tags': [1]}", "{'tags': [" + HUGE + "]}",
                    "{'tags': " + tooMany + "}", "{}", "[]", "{'tags': ['a', 'a']}")) {
                refused("PUT", tags, body);
            }
            refused("PUT", tags + "/" + "x".repeat(300), null);
            refused("PUT", "/v2.0/" + collection + "/" + MISSING.replace("'", "") + "/tags/blue", null);
        }
        assertEquals(List.of(), failures, failures.size() + " requests were not refused cleanly");
    }
}
