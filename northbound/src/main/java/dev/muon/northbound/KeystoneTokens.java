package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The two Keystone v3 calls keystonemiddleware makes: the service's own project-scoped token
 * (password authentication, {@code POST /v3/auth/tokens}), renewed before it expires or when
 * Keystone refuses it, and the validation of a caller's token with it
 * ({@code GET /v3/auth/tokens}, X-Auth-Token = the service's, X-Subject-Token = the caller's).
 */
final class KeystoneTokens {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A service token this close to its expiry is renewed before use. */
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

    private final KeystoneSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private String serviceToken;
    private Instant serviceTokenExpires = Instant.MIN;

    KeystoneTokens(KeystoneSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /**
     * What Keystone says of {@code userToken}: empty when it is not valid (unknown, expired, revoked).
     *
     * @throws KeystoneUnavailable when Keystone cannot be asked or refuses Muon's own credentials
     */
    Optional<KeystoneIdentity> validate(String userToken) {
        for (int attempt = 0; ; attempt++) {
            String service = serviceToken(attempt > 0);
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(settings.tokens()).timeout(TIMEOUT).GET()
                        .header("Accept", "application/json")
                        .header("X-Auth-Token", service)
                        .header("X-Subject-Token", userToken).build();
            } catch (IllegalArgumentException e) {
                return Optional.empty();   // not even a legal header value: no token Keystone issued
            }
            HttpResponse<String> r = send(request);
            switch (r.statusCode()) {
                case 200:
                    return Optional.of(identity(r.body()));
                case 400:
                case 404:
                    return Optional.empty();
                case 401:
                    if (attempt == 0) {
                        continue;   // our own token was revoked or expired early: get a new one, once
                    }
                    throw new KeystoneUnavailable("Keystone refuses Muon's service token", null);
                case 403:
                    throw new KeystoneUnavailable("Keystone does not let " + settings.user() + " validate tokens "
                            + "(give it the admin or service role in " + settings.project() + ")", null);
                default:
                    throw new KeystoneUnavailable("Keystone answered " + r.statusCode() + " to a token validation",
                            null);
            }
        }
    }

    private synchronized String serviceToken(boolean renew) {
        if (!renew && serviceToken != null && clock.instant().plus(RENEW_BEFORE).isBefore(serviceTokenExpires)) {
            return serviceToken;
        }
        ObjectNode body = Json.object();
        ObjectNode auth = body.putObject("auth");
        ObjectNode identity = auth.putObject("identity");
        identity.putArray("methods").add("password");
        ObjectNode user = identity.putObject("password").putObject("user");
        user.put("name", settings.user());
        user.putObject("domain").put("name", settings.userDomain());
        user.put("password", settings.password());
        ObjectNode project = auth.putObject("scope").putObject("project");
        project.put("name", settings.project());
        project.putObject("domain").put("name", settings.projectDomain());
        HttpResponse<String> r = send(HttpRequest.newBuilder(settings.tokens()).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
        if (r.statusCode() != 201 || r.headers().firstValue("X-Subject-Token").isEmpty()) {
            serviceToken = null;
            throw new KeystoneUnavailable("Keystone answered " + r.statusCode() + " to Muon's own authentication as "
                    + settings.user() + " in project " + settings.project() + " (check keystone.user, keystone.password, "
                    + "keystone.project and their domains)", null);
        }
        serviceToken = r.headers().firstValue("X-Subject-Token").get();
        serviceTokenExpires = identity(r.body()).expiresAt();
        return serviceToken;
    }

    /**
     * Sends once more after an I/O error: a pooled connection Keystone's server closed while idle
     * fails the next request on it, and both calls are safe to repeat.
     */
    private HttpResponse<String> send(HttpRequest request) {
        try {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException stale) {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new KeystoneUnavailable("Keystone at " + settings.url() + " cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeystoneUnavailable("interrupted while asking Keystone", e);
        }
    }

    /** The identity in a token body: {"token": {"expires_at", "user": {"id"}, "project": {"id"}, "roles": [{"name"}]}}. */
    static KeystoneIdentity identity(String body) {
        try {
            JsonNode token = Json.MAPPER.readTree(body).path("token");
            Set<String> roles = new HashSet<>();
            token.path("roles").forEach(r -> roles.add(r.path("name").asText()));
            JsonNode project = token.path("project").path("id");
            return new KeystoneIdentity(project.isTextual() ? project.asText() : null,
                    token.path("user").path("id").asText(null), roles,
                    Instant.parse(token.path("expires_at").asText()));
        } catch (IOException | DateTimeParseException e) {
            throw new KeystoneUnavailable("Keystone answered a token Muon cannot read: " + e.getMessage(), e);
        }
    }
}
