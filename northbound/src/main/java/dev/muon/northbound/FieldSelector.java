package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Neutron's {@code ?fields=id&fields=name}: show only the named attributes. Unknown names are
 * ignored, as Neutron does; no {@code fields} shows everything.
 */
final class FieldSelector {
    private final Set<String> fields;

    private FieldSelector(Set<String> fields) {
        this.fields = fields;
    }

    static FieldSelector from(List<String> values) {
        Set<String> fields = new LinkedHashSet<>();
        if (values != null) {
            values.forEach(v -> Arrays.stream(v.split(",")).map(String::trim).filter(f -> !f.isEmpty())
                    .forEach(fields::add));
        }
        return new FieldSelector(fields);
    }

    ObjectNode apply(ObjectNode item) {
        if (fields.isEmpty()) {
            return item;
        }
        ObjectNode selected = Json.object();
        for (String f : fields) {
            if (item.has(f)) {
                selected.set(f, item.get(f));
            }
        }
        return selected;
    }
}
