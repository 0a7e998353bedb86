package dev.muon.northbound;

import io.javalin.http.Context;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * No authentication (the lab): the caller is who its keystonemiddleware-style headers say
 * (X-Project-Id or the older X-Tenant-Id, X-User-Id, X-Roles), and a request with none of them
 * is the configured anonymous identity, an admin. A caller that names itself but no project is
 * refused rather than given the anonymous identity's project: without this, a member that
 * forgot X-Project-Id would create resources in the admin's project.
 */
final class NoAuth implements Authenticator {
    private final RequestContext anonymous;

    NoAuth(RequestContext anonymous) {
        this.anonymous = anonymous;
    }

    @Override
    public RequestContext authenticate(Context http) {
        String project = blankToNull(http.header("X-Project-Id"));
        if (project == null) {
            project = blankToNull(http.header("X-Tenant-Id"));
        }
        String user = blankToNull(http.header("X-User-Id"));
        String roles = blankToNull(http.header("X-Roles"));
        if (project == null && user == null && roles == null) {
            return anonymous;
        }
        if (project == null) {
            // 400, not 401: there is no authentication to retry in this mode; the request itself is incomplete.
            throw new NeutronException(400, "HTTPBadRequest", "The request names a caller (X-User-Id or X-Roles) "
                    + "but no project: send X-Project-Id, or no identity headers at all to act as the no-auth admin.");
        }
        return new RequestContext(project, user,
                roles == null ? Set.of() : new HashSet<>(Arrays.asList(roles.split(","))), null);
    }

    @Override
    public Optional<String> challenge() {
        return Optional.empty();
    }

    @Override
    public String describe() {
        return "UNAUTHENTICATED (auth.strategy=noauth): anyone who reaches this port is trusted; a request "
                + "without identity headers acts as an admin of project '" + anonymous.projectId()
                + "', one with X-Project-Id/X-Roles is whoever those headers say. Set auth.strategy=keystone "
                + "before binding rest.bind beyond this host.";
    }

    @Override
    public boolean trusting() {
        return true;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
