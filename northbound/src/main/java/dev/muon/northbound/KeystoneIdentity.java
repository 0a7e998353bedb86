package dev.muon.northbound;

import java.time.Instant;
import java.util.Set;

/** What a validated Keystone token says: its project, user and role names, and when it expires. */
record KeystoneIdentity(String projectId, String userId, Set<String> roles, Instant expiresAt) {
    RequestContext caller() {
        return new RequestContext(projectId, userId, roles, null);
    }
}
