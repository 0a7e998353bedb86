package dev.muon.northbound;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resource's attribute map: every attribute it knows and when a client may send it.
 * Checking a body against it gives Neutron's errors for unknown, read-only and create-only attributes.
 */
final class AttributeSpec {
    private final Map<String, Access> attributes;

    private AttributeSpec(Map<String, Access> attributes) {
        this.attributes = Map.copyOf(attributes);
    }

    static Builder builder() {
        return new Builder();
    }

    boolean knows(String name) {
        return attributes.containsKey(name);
    }

    /** @throws NeutronException 400 naming the first problem Neutron would report */
    void check(Iterable<String> sent, Operation operation) {
        List<String> unknown = new ArrayList<>();
        for (String name : sent) {
            if (!attributes.containsKey(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw NeutronException.badRequest("Unrecognized attribute(s) '" + String.join(", ", unknown) + "'");
        }
        for (String name : sent) {
            Access access = attributes.get(name);
            if (operation == Operation.CREATE && access == Access.READ_ONLY) {
                throw NeutronException.badRequest("Attribute '" + name + "' not allowed in POST");
            }
            if (operation == Operation.UPDATE && access != Access.CREATE_UPDATE) {
                throw NeutronException.badRequest("Cannot update read-only attribute " + name);
            }
        }
    }

    static final class Builder {
        private final Map<String, Access> attributes = new LinkedHashMap<>();

        Builder readOnly(String... names) {
            return put(Access.READ_ONLY, names);
        }

        Builder create(String... names) {
            return put(Access.CREATE, names);
        }

        Builder createUpdate(String... names) {
            return put(Access.CREATE_UPDATE, names);
        }

        private Builder put(Access access, String... names) {
            for (String name : names) {
                attributes.put(name, access);
            }
            return this;
        }

        AttributeSpec build() {
            return new AttributeSpec(attributes);
        }
    }
}
