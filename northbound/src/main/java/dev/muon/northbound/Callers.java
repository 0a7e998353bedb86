package dev.muon.northbound;

import io.javalin.http.Context;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@link RequestContext} of an HTTP request. Behind keystonemiddleware the caller comes in
 * X-Project-Id (or the older X-Tenant-Id), X-User-Id and X-Roles; a request carrying none of
 * them gets the configured no-auth identity. If-Match: revision_number=N is Neutron's
 * revision-if-match extension.
 */
final class Callers {
    private static final String REVISION_ETAG = "revision_number=";

    private Callers() {
    }

    static RequestContext of(Context http, RequestContext noAuth) {
        String project = blankToNull(http.header("X-Project-Id"));
        if (project == null) {
            project = blankToNull(http.header("X-Tenant-Id"));
        }
        String user = blankToNull(http.header("X-User-Id"));
        String roles = http.header("X-Roles");
        RequestContext caller = project == null && user == null && roles == null ? noAuth
                : new RequestContext(project, user, roles == null ? Set.of()
                        : new HashSet<>(Arrays.asList(roles.split(","))), null);
        return caller.withIfMatch(revisionConstraint(http.header("If-Match")));
    }

    /** The revision an If-Match header requires, or null; other entity tags are not Neutron's and ignored. */
    static Long revisionConstraint(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        Long revision = null;
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            if (!t.startsWith(REVISION_ETAG)) {
                continue;
            }
            if (revision != null) {
                throw NeutronException.badResourceRequest("if-match",
                        "Multiple revision_number etags are not supported");
            }
            try {
                revision = Long.valueOf(t.substring(REVISION_ETAG.length()));
            } catch (NumberFormatException e) {
                throw NeutronException.badResourceRequest("if-match",
                        "Revision number etag must be in the format of revision_number=<int>");
            }
        }
        return revision;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
