package dev.muon.northbound;

import io.javalin.http.Context;

import java.util.Optional;

/**
 * Who a request comes from, decided once per request before any resource is touched. No-auth
 * trusts what the caller says; Keystone checks the caller's token, as keystonemiddleware does in
 * front of Neutron.
 */
public interface Authenticator {

    /**
     * The caller of {@code http}, without its If-Match constraint.
     *
     * @throws Unauthenticated 401 when the request proves no identity
     * @throws NeutronException 400 for an incomplete identity, 503 when the identity service cannot answer
     */
    RequestContext authenticate(Context http);

    /** The WWW-Authenticate value of a 401, naming where to get a token; empty when there is none. */
    Optional<String> challenge();

    /** What the start-up log says about how callers are identified; a warning when it is {@link #trusting()}. */
    String describe();

    /** True when any client that reaches the port can act as anyone (no-auth). */
    boolean trusting();

    /** No authentication: identity headers as sent, or {@code anonymous} when there are none. */
    static Authenticator noAuth(RequestContext anonymous) {
        return new NoAuth(anonymous);
    }

    /** Keystone v3 tokens, validated with the service's own credentials. */
    static Authenticator keystone(KeystoneSettings settings) {
        return new KeystoneAuth(settings);
    }
}
