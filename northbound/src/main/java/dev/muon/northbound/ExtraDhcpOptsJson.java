package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.muon.pipeline.model.ExtraDhcpOpt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A port's extra_dhcp_opts ⇄ JSON, validated as neutron-lib's key specs: opt_name a one-line
 * string of 1-64 characters; opt_value a one-line string of 1-255 characters, or null (on update:
 * remove that option), or "" for the options Neutron lets be blank (router,
 * classless-static-route: send none); ip_version 4 (the default) or 6.
 */
final class ExtraDhcpOptsJson {
    static final String ATTRIBUTE = "extra_dhcp_opts";
    private static final int NAME_MAX = 64;
    private static final int VALUE_MAX = 255;
    private static final Set<String> BLANKABLE = Set.of("router", "classless-static-route");

    private ExtraDhcpOptsJson() {
    }

    /** The options sent, null if absent or JSON null (Neutron: no change). */
    static List<ExtraDhcpOpt> parse(ObjectNode body) {
        JsonNode v = body.get(ATTRIBUTE);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw invalid("'" + Excerpt.of(v.toString()) + "' is not a list");
        }
        List<ExtraDhcpOpt> opts = new ArrayList<>();
        for (JsonNode e : v) {
            opts.add(option(e));
        }
        return opts;
    }

    private static ExtraDhcpOpt option(JsonNode e) {
        String reason = "No valid key specs matched for: " + Excerpt.of(e.toString());
        if (!e.isObject() || !e.has("opt_name") || !e.has("opt_value")) {
            throw invalid(reason);
        }
        JsonNode name = e.get("opt_name");
        JsonNode value = e.get("opt_value");
        if (!oneLine(name, NAME_MAX, false)) {
            throw invalid(reason);
        }
        boolean blankable = BLANKABLE.contains(name.textValue());
        if (!value.isNull() && !oneLine(value, VALUE_MAX, blankable)) {
            throw invalid(reason);
        }
        int ipVersion = 4;
        JsonNode version = e.get("ip_version");
        if (version != null) {
            ipVersion = version.isIntegralNumber() && version.canConvertToInt() ? version.intValue()
                    : version.isTextual() && version.textValue().trim().matches("[46]")
                    ? Integer.parseInt(version.textValue().trim()) : 0;
            if (ipVersion != 4 && ipVersion != 6) {
                throw invalid(reason);
            }
        }
        return new ExtraDhcpOpt(name.textValue(), value.isNull() ? null : value.textValue(), ipVersion);
    }

    private static boolean oneLine(JsonNode v, int max, boolean blankAllowed) {
        if (!v.isTextual()) {
            return false;
        }
        String s = v.textValue();
        if (s.length() > max) {
            return false;
        }
        if (blankAllowed) {
            return true;
        }
        return !s.isBlank() && s.lines().count() <= 1;
    }

    static void render(ObjectNode node, List<ExtraDhcpOpt> opts) {
        ArrayNode list = node.putArray(ATTRIBUTE);
        for (ExtraDhcpOpt o : opts) {
            list.addObject().put("opt_name", o.optName()).put("opt_value", o.optValue()).put("ip_version", o.ipVersion());
        }
    }

    private static NeutronException invalid(String reason) {
        return NeutronException.badRequest("Invalid input for " + ATTRIBUTE + ". Reason: " + reason + ".");
    }
}
