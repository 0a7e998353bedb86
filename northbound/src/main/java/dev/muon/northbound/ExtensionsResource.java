package dev.muon.northbound;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;

/**
 * /v2.0/extensions: what clients probe before using an optional feature. Lists only what is
 * implemented, so that a client falls back instead of sending what would be refused (e.g. the
 * CLI sets port tags after create when tag-ports-during-bulk-creation is absent).
 */
final class ExtensionsResource {
    static final List<Extension> IMPLEMENTED = List.of(
            new Extension("provider", "Provider Network", "Expose mapping of virtual networks to physical networks"),
            new Extension("external-net", "Neutron external network", "Adds external network attribute to network resource."),
            new Extension("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
            new Extension("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
            new Extension("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"),
            new Extension("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources."),
            new Extension("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."),
            new Extension("net-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
            new Extension("net-mtu-writable", "Network MTU (writable)", "Provides a writable MTU attribute for a network resource."),
            new Extension("port-security", "Port Security", "Provides port security"),
            new Extension("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
            new Extension("filter-validation", "Filter parameters validation", "Provides validation on filter parameters."),
            new Extension("pagination", "Pagination support", "Extension that indicates that pagination is enabled."),
            new Extension("sorting", "Sorting support", "Extension that indicates that sorting is enabled."));

    private static final AttributeSpec ATTRIBUTES = AttributeSpec.builder()
            .readOnly("alias", "name", "description", "updated", "links")
            .build();

    void register(Javalin app) {
        app.get("/v2.0/extensions", this::list);
        app.get("/v2.0/extensions/{alias}", this::show);
    }

    private void list(Context ctx) {
        CollectionResponses.list(ctx, "extensions", ATTRIBUTES,
                IMPLEMENTED.stream().map(Extension::render).toList());
    }

    private void show(Context ctx) {
        String alias = ctx.pathParam("alias");
        Extension extension = IMPLEMENTED.stream().filter(e -> e.alias().equals(alias)).findFirst()
                .orElseThrow(() -> NeutronException.notFound("ExtensionNotFound",
                        "Extension with alias " + alias + " does not exist"));
        CollectionResponses.show(ctx, 200, "extension", extension.render());
    }
}
