package dev.muon.controller.service;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** extra_dhcp_opt: a port's options on create, show and list, merged on update, validated as Neutron's key specs. */
class ExtraDhcpOptsApiTest {
    private final NeutronApi api = new NeutronApi();

    @AfterEach
    void close() {
        api.close();
    }

    private String network() throws Exception {
        String net = api.create("networks", "network", "{'name': 'n'}").get("id").asText();
        api.create("subnets", "subnet", "{'network_id': '" + net + "', 'cidr': '10.0.0.0/24'}");
        return net;
    }

    private static List<String> opts(JsonNode port) {
        List<String> out = new ArrayList<>();
        port.get("extra_dhcp_opts").forEach(o -> out.add(o.get("opt_name").asText() + "=" + o.get("opt_value").asText()
                + "/v" + o.get("ip_version").asInt()));
        return out;
    }

    @Test
    void optionsAreKeptOnCreateAndShownEverywhereWithIpVersionFourByDefault() throws Exception {
        String net = network();
        JsonNode port = api.create("ports", "port", "{'network_id': '" + net + "', 'extra_dhcp_opts': ["
                + "{'opt_name': 'bootfile-name', 'opt_value': 'pxelinux.0'},"
                + "{'opt_name': 'tftp-server', 'opt_value': '2015::dead', 'ip_version': 6},"
                + "{'opt_name': 'server-ip-address', 'opt_value': '123.123.123.45', 'ip_version': '4'},"
                + "{'opt_name': 'ntp-server', 'opt_value': null}]}");
        List<String> expected = List.of("bootfile-name=pxelinux.0/v4", "tftp-server=2015::dead/v6",
                "server-ip-address=123.123.123.45/v4");
        assertEquals(expected, opts(port), "an option with a null value is not stored");
        String id = port.get("id").asText();
        assertEquals(expected, opts(api.get("/v2.0/ports/" + id).get("port")));
        assertEquals(expected, opts(api.get("/v2.0/ports?id=" + id).get("ports").get(0)));
        JsonNode plain = api.create("ports", "port", "{'network_id': '" + net + "'}");
        assertEquals(0, plain.get("extra_dhcp_opts").size());
    }

    @Test
    void anUpdateReplacesByNameAndVersionRemovesWithNullAndKeepsTheRest() throws Exception {
        String net = network();
        JsonNode port = api.create("ports", "port", "{'network_id': '" + net + "', 'extra_dhcp_opts': ["
                + "{'opt_name': 'bootfile-name', 'opt_value': 'pxelinux.0'},"
                + "{'opt_name': 'tftp-server', 'opt_value': '192.0.2.69'},"
                + "{'opt_name': 'tftp-server', 'opt_value': '2001:db8::69', 'ip_version': 6}]}");
        String id = port.get("id").asText();
        long revision = port.get("revision_number").asLong();

        JsonNode updated = api.update("ports", "port", id, "{'extra_dhcp_opts': ["
                + "{'opt_name': 'bootfile-name', 'opt_value': 'pxelinux.77'},"
                + "{'opt_name': 'tftp-server', 'opt_value': null, 'ip_version': 6},"
                + "{'opt_name': 'router', 'opt_value': ''}]}");

        assertEquals(List.of("bootfile-name=pxelinux.77/v4", "tftp-server=192.0.2.69/v4", "router=/v4"), opts(updated));
        assertTrue(updated.get("revision_number").asLong() > revision, "a changed option is a new revision");
        assertEquals(opts(updated), opts(api.get("/v2.0/ports/" + id).get("port")));
        assertEquals(opts(updated), opts(api.update("ports", "port", id, "{'extra_dhcp_opts': null}")),
                "null changes nothing");
        assertEquals(opts(updated), opts(api.update("ports", "port", id, "{'extra_dhcp_opts': []}")),
                "nor does the empty list");
    }

    @Test
    void malformedOptionsAreRefusedWith400AndNothingIsStored() throws Exception {
        String net = network();
        String[] bad = {
            "'bootfile-name'",
            "[{'opt_name': 'bootfile-name'}]",
            "[{'opt_value': 'x'}]",
            "[{'opt_name': '', 'opt_value': 'x'}]",
            "[{'opt_name': 'bootfile-name', 'opt_value': ''}]",
            "[{'opt_name': 'bootfile-name', 'opt_value': '   '}]",
            "[{'opt_name': 'bootfile-name', 'opt_value': 'a\\nb'}]",
            "[{'opt_name': 'bootfile-name', 'opt_value': 7}]",
            "[{'opt_name': 'bootfile-name', 'opt_value': 'x', 'ip_version': 5}]",
            "[{'opt_name': '" + "n".repeat(65) + "', 'opt_value': 'x'}]",
            "[{'opt_name': 'bootfile-name', 'opt_value': '" + "v".repeat(256) + "'}]",
            "[{'opt_name': 'mtu', 'opt_value': '1400'}, {'opt_name': 'mtu', 'opt_value': '1300'}]",
        };
        for (String opts : bad) {
            NeutronApi.error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', "
                    + "'extra_dhcp_opts': " + opts + "}}"), 400, "HTTPBadRequest");
        }
        assertEquals(0, api.get("/v2.0/ports").get("ports").size());
        String id = api.create("ports", "port", "{'network_id': '" + net + "'}").get("id").asText();
        NeutronApi.error(api.send("PUT", "/v2.0/ports/" + id, "{'port': {'extra_dhcp_opts': "
                + "[{'opt_name': 'tftp-server', 'opt_value': ''}]}}"), 400, "HTTPBadRequest");
        JsonNode blankRouter = api.update("ports", "port", id, "{'extra_dhcp_opts': "
                + "[{'opt_name': 'classless-static-route', 'opt_value': ''}]}");
        assertEquals(List.of("classless-static-route=/v4"), opts(blankRouter), "router and routes may be blank");
    }

    @Test
    void aPortHoldsAtMostThirtyTwoOptionsWhetherSentAtOnceOrAddedByUpdates() throws Exception {
        String net = network();
        StringBuilder many = new StringBuilder("[");
        for (int code = 200; code < 233; code++) {
            many.append(code > 200 ? ", " : "").append("{'opt_name': '").append(code).append("', 'opt_value': '1'}");
        }
        NeutronApi.error(api.send("POST", "/v2.0/ports", "{'port': {'network_id': '" + net + "', "
                + "'extra_dhcp_opts': " + many + "]}}"), 400, "HTTPBadRequest");
        String first32 = many.substring(0, many.lastIndexOf(", {")) + "]";
        String id = api.create("ports", "port", "{'network_id': '" + net + "', 'extra_dhcp_opts': " + first32 + "}")
                .get("id").asText();
        NeutronApi.error(api.send("PUT", "/v2.0/ports/" + id, "{'port': {'extra_dhcp_opts': "
                + "[{'opt_name': '250', 'opt_value': '1'}]}}"), 400, "HTTPBadRequest");
        assertEquals(32, api.get("/v2.0/ports/" + id).get("port").get("extra_dhcp_opts").size(), "nothing changed");
    }
}
