package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A resource's attribute map: every attribute it knows, when a client may send it, and which
 * attributes Neutron's default policy reserves to admins (to send, or also to see). Checking a
 * body against it gives Neutron's errors for unknown, read-only and create-only attributes and
 * its PolicyNotAuthorized for admin-only ones. Hidden attributes (Neutron's is_visible False,
 * is_filter True) are rendered for list filters only and never shown.
 */
final class AttributeSpec {
    private final String resource;
    private final Map<String, Access> attributes;
    private final Set<String> adminWrite;
    private final Set<String> adminRead;
    private final Set<String> hidden;

    private AttributeSpec(String resource, Map<String, Access> attributes, Set<String> adminWrite,
                          Set<String> adminRead, Set<String> hidden) {
        this.resource = resource;
        this.attributes = Map.copyOf(attributes);
        this.adminWrite = Set.copyOf(adminWrite);
        this.adminRead = Set.copyOf(adminRead);
        this.hidden = Set.copyOf(hidden);
    }

    /** @param resource the singular resource name used in policy rule names ("network") */
    static Builder builder(String resource) {
        return new Builder(resource);
    }

    boolean knows(String name) {
        return attributes.containsKey(name);
    }

    /** @throws NeutronException 400 naming the first problem Neutron would report, 403 for admin-only attributes */
    void check(Iterable<String> sent, Operation operation, RequestContext ctx) {
        List<String> unknown = new ArrayList<>();
        for (String name : sent) {
            if (!attributes.containsKey(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw NeutronException.badRequest("Unrecognized attribute(s) '" + Excerpt.of(String.join(", ", unknown))
                    + "'");
        }
        for (String name : sent) {
            Access access = attributes.get(name);
            if (operation == Operation.CREATE && (access == Access.READ_ONLY || access == Access.UPDATE)) {
                throw NeutronException.badRequest("Attribute '" + name + "' not allowed in POST");
            }
            if (operation == Operation.UPDATE && access != Access.CREATE_UPDATE && access != Access.UPDATE) {
                throw NeutronException.badRequest("Cannot update read-only attribute " + name);
            }
        }
        if (!ctx.isAdmin()) {
            Set<String> refused = new TreeSet<>();
            sent.forEach(name -> {
                if (adminWrite.contains(name)) {
                    refused.add(name);
                }
            });
            if (!refused.isEmpty()) {
                throw NeutronException.policy(operation.action() + "_" + resource, refused);
            }
        }
    }

    /** Removes what the caller may not see (Neutron's admin-only "get_&lt;resource&gt;:&lt;attr&gt;" rules). */
    ObjectNode hide(ObjectNode rendered, RequestContext ctx) {
        if (!ctx.isAdmin()) {
            rendered.remove(adminRead);
        }
        return rendered;
    }

    /** Removes the hidden attributes, once filters have seen them. */
    ObjectNode withoutHidden(ObjectNode rendered) {
        if (!hidden.isEmpty()) {
            rendered.remove(hidden);
        }
        return rendered;
    }

    static final class Builder {
        private final String resource;
        private final Map<String, Access> attributes = new LinkedHashMap<>();
        private final Set<String> adminWrite = new TreeSet<>();
        private final Set<String> adminRead = new TreeSet<>();
        private final Set<String> hidden = new TreeSet<>();

        private Builder(String resource) {
            this.resource = resource;
        }

        Builder readOnly(String... names) {
            return put(Access.READ_ONLY, names);
        }

        Builder create(String... names) {
            return put(Access.CREATE, names);
        }

        Builder createUpdate(String... names) {
            return put(Access.CREATE_UPDATE, names);
        }

        Builder update(String... names) {
            return put(Access.UPDATE, names);
        }

        /** Only admins may send these (the attributes must be declared too). */
        Builder adminWrite(String... names) {
            adminWrite.addAll(List.of(names));
            return this;
        }

        /** Only admins see these. */
        Builder adminRead(String... names) {
            adminRead.addAll(List.of(names));
            return this;
        }

        /** Read-only attributes no one is shown but lists filter on. */
        Builder hidden(String... names) {
            hidden.addAll(List.of(names));
            return put(Access.READ_ONLY, names);
        }

        private Builder put(Access access, String... names) {
            for (String name : names) {
                attributes.put(name, access);
            }
            return this;
        }

        AttributeSpec build() {
            return new AttributeSpec(resource, attributes, adminWrite, adminRead, hidden);
        }
    }
}
