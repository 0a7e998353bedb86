package dev.muon.northbound;

import java.util.List;

/**
 * Neutron's tag API on /v2.0/{collection}/{id}/tags for every resource with standard
 * attributes. {@code collection} is the URL's collection name ("networks", "security-groups").
 */
public interface TagService {

    List<String> tags(RequestContext ctx, String collection, String id);

    /** @throws NeutronException 404 TagNotFound when the resource lacks {@code tag} */
    void checkTag(RequestContext ctx, String collection, String id, String tag);

    /** Replaces all tags; answers the new set. */
    List<String> replaceTags(RequestContext ctx, String collection, String id, List<String> tags);

    /** Adds tags the resource lacks (idempotent). */
    void addTags(RequestContext ctx, String collection, String id, List<String> tags);

    /** @throws NeutronException 404 TagNotFound when the resource lacks {@code tag} */
    void removeTag(RequestContext ctx, String collection, String id, String tag);

    void removeAllTags(RequestContext ctx, String collection, String id);
}
