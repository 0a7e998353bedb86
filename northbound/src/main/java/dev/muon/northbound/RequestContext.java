package dev.muon.northbound;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who is asking, as keystonemiddleware tells Neutron (X-Project-Id, X-User-Id, X-Roles), and
 * the revision the client requires of the resource it changes (If-Match: revision_number=N),
 * or null. A caller is an admin when its roles include {@value #ADMIN_ROLE}.
 */
public record RequestContext(String projectId, String userId, Set<String> roles, Long ifMatchRevision) {
    public static final String ADMIN_ROLE = "admin";

    public RequestContext {
        roles = roles.stream().map(r -> r.trim().toLowerCase(Locale.ROOT)).filter(r -> !r.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** An admin of {@code projectId}: the identity of requests that carry none (no-auth mode). */
    public static RequestContext admin(String projectId, String userId) {
        return new RequestContext(projectId, userId, Set.of(ADMIN_ROLE), null);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN_ROLE);
    }

    /** True when the caller may act on what {@code ownerProjectId} owns. */
    public boolean owns(String ownerProjectId) {
        return isAdmin() || (projectId != null && projectId.equals(ownerProjectId));
    }

    /** The same caller with admin rights, for what the service does on its behalf (gateway ports, ...). */
    public RequestContext elevated() {
        Set<String> all = new HashSet<>(roles);
        all.add(ADMIN_ROLE);
        return new RequestContext(projectId, userId, all, null);
    }

    public RequestContext withIfMatch(Long revision) {
        return new RequestContext(projectId, userId, roles, revision);
    }

    /** @throws NeutronException 412 when the client required another revision than {@code current} */
    public void checkRevision(long current) {
        if (ifMatchRevision != null && ifMatchRevision != current) {
            throw new NeutronException(412, "HTTPPreconditionFailed",
                    "Constrained to " + ifMatchRevision + ", but current revision is " + current);
        }
    }
}
