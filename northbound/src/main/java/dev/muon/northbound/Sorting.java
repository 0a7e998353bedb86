package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Neutron's {@code ?sort_key=name&sort_dir=desc} (keys and directions pair up in order).
 * Without sort keys the service's order (creation order) is kept.
 */
final class Sorting {
    private final Comparator<ObjectNode> order;

    private Sorting(Comparator<ObjectNode> order) {
        this.order = order;
    }

    static Sorting from(List<String> keys, List<String> dirs, AttributeSpec spec) {
        List<String> k = keys == null ? List.of() : keys;
        List<String> d = dirs == null ? List.of() : dirs;
        if (!d.isEmpty() && d.size() != k.size()) {
            throw NeutronException.badRequest("The number of sort_keys and sort_dirs must be same");
        }
        Comparator<ObjectNode> order = null;
        for (int i = 0; i < k.size(); i++) {
            String key = k.get(i);
            if (!spec.knows(key)) {
                throw NeutronException.badRequest(key + " is invalid attribute for sort_key");
            }
            String dir = d.isEmpty() ? "asc" : d.get(i);
            if (!dir.equals("asc") && !dir.equals("desc")) {
                throw NeutronException.badRequest(dir + " is invalid value for sort_dir");
            }
            Comparator<ObjectNode> byKey = Comparator.comparing(item -> item.get(key), Sorting::compare);
            byKey = dir.equals("desc") ? byKey.reversed() : byKey;
            order = order == null ? byKey : order.thenComparing(byKey);
        }
        return new Sorting(order);
    }

    List<ObjectNode> apply(List<ObjectNode> items) {
        if (order == null) {
            return items;
        }
        List<ObjectNode> sorted = new ArrayList<>(items);
        sorted.sort(order);
        return sorted;
    }

    private static int compare(JsonNode a, JsonNode b) {
        boolean aMissing = a == null || a.isNull();
        boolean bMissing = b == null || b.isNull();
        if (aMissing || bMissing) {
            return Boolean.compare(!aMissing, !bMissing);
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isBoolean() && b.isBoolean()) {
            return Boolean.compare(a.booleanValue(), b.booleanValue());
        }
        return a.asText().compareTo(b.asText());
    }
}
