package dev.muon.northbound;

import java.net.InetSocketAddress;

/**
 * How the API listens: where, who it lets in ({@code authenticator}; null: no-auth with the
 * service's anonymous identity), HTTPS when {@code tls} is not null, and its {@link HttpLimits}.
 */
public record RestOptions(InetSocketAddress bind, Authenticator authenticator, RestTls tls, HttpLimits limits) {

    /** Plain HTTP, no-auth, default limits: the tests' and the lab's API. */
    public static RestOptions plain(InetSocketAddress bind) {
        return new RestOptions(bind, null, null, HttpLimits.defaults());
    }
}
