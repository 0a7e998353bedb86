package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Neutron's list filters ({@code ?name=a&name=b&admin_state_up=true}), applied to the rendered
 * JSON so that any shown attribute can be filtered on. Repeated keys are alternatives, different
 * keys must all hold. A list attribute matches when it contains the value; for lists of objects
 * the value is {@code key=value} ({@code fixed_ips=ip_address=10.0.0.3}). The tag filters
 * (tags, tags-any, not-tags, not-tags-any) take comma-separated tags. A port's {@code fixed_ips}
 * filters are Neutron's: ip_address, subnet_id and ip_address_substr (ip-substring-filtering), each
 * repeatable, must all hold for one and the same fixed IP. A filter on an attribute the
 * resource does not have is refused, as Neutron's filter-validation does.
 */
final class QueryFilter {
    /** Query parameters that are not filters. */
    static final Set<String> RESERVED = Set.of("fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse");
    private static final String FIXED_IPS = "fixed_ips";
    private static final Set<String> TAG_FILTERS = Set.of("tags", "tags-any", "not-tags", "not-tags-any");

    private final Map<String, List<String>> filters;

    private QueryFilter(Map<String, List<String>> filters) {
        this.filters = filters;
    }

    /** @throws NeutronException 400 for a filter on an attribute {@code spec} does not know */
    static QueryFilter from(Map<String, List<String>> query, AttributeSpec spec) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        query.forEach((key, values) -> {
            if (RESERVED.contains(key)) {
                return;
            }
            if (!TAG_FILTERS.contains(key) && !spec.knows(key)) {
                throw NeutronException.badRequest("[" + key + "] is invalid attribute for filtering");
            }
            filters.put(key, List.copyOf(values));
        });
        return new QueryFilter(filters);
    }

    boolean matches(ObjectNode item) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            String key = f.getKey();
            if (TAG_FILTERS.contains(key)) {
                if (!matchesTags(item.get("tags"), key, f.getValue())) {
                    return false;
                }
                continue;
            }
            if (key.equals(FIXED_IPS)) {
                if (!matchesFixedIps(item.get(key), f.getValue())) {
                    return false;
                }
                continue;
            }
            JsonNode value = item.get(key);
            if (value == null || f.getValue().stream().noneMatch(wanted -> matchesValue(value, wanted))) {
                return false;
            }
        }
        return true;
    }

    /** Whether one of {@code fixedIps} satisfies every sub-filter (alternatives within one sub-key). */
    private static boolean matchesFixedIps(JsonNode fixedIps, List<String> wanted) {
        Map<String, List<String>> bySubKey = new LinkedHashMap<>();
        for (String w : wanted) {
            int eq = w.indexOf('=');
            if (eq < 0) {
                return false;
            }
            bySubKey.computeIfAbsent(w.substring(0, eq), k -> new ArrayList<>()).add(w.substring(eq + 1));
        }
        if (fixedIps == null || !fixedIps.isArray()) {
            return false;
        }
        for (JsonNode ip : fixedIps) {
            boolean all = true;
            for (Map.Entry<String, List<String>> sub : bySubKey.entrySet()) {
                boolean substring = sub.getKey().equals("ip_address_substr");
                JsonNode field = ip.get(substring ? "ip_address" : sub.getKey());
                String have = field == null || field.isNull() ? null : field.asText();
                all &= have != null && sub.getValue().stream()
                        .anyMatch(v -> substring ? have.contains(v) : have.equals(v));
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesValue(JsonNode value, String wanted) {
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (element.isObject() ? matchesObject(element, wanted) : matchesScalar(element, wanted)) {
                    return true;
                }
            }
            return false;
        }
        if (value.isObject()) {
            return matchesObject(value, wanted);
        }
        return matchesScalar(value, wanted);
    }

    private static boolean matchesObject(JsonNode object, String wanted) {
        int eq = wanted.indexOf('=');
        if (eq < 0) {
            return false;
        }
        JsonNode field = object.get(wanted.substring(0, eq));
        return field != null && matchesScalar(field, wanted.substring(eq + 1));
    }

    private static boolean matchesScalar(JsonNode value, String wanted) {
        if (value.isNull()) {
            return wanted.isEmpty() || wanted.equals("None") || wanted.equals("null");
        }
        if (value.isBoolean()) {
            String w = wanted.toLowerCase(Locale.ROOT);
            return value.booleanValue() ? (w.equals("true") || w.equals("1")) : (w.equals("false") || w.equals("0"));
        }
        return value.asText().equals(wanted);
    }

    private static boolean matchesTags(JsonNode tags, String filter, List<String> values) {
        List<String> wanted = values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .filter(t -> !t.isEmpty())
                .toList();
        List<String> have = tags == null ? List.of()
                : StreamSupport.stream(tags.spliterator(), false).map(JsonNode::asText).toList();
        boolean all = have.containsAll(wanted);
        boolean any = wanted.stream().anyMatch(have::contains);
        return switch (filter) {
            case "tags" -> all;
            case "tags-any" -> any;
            case "not-tags" -> !all;
            default -> !any;
        };
    }
}
