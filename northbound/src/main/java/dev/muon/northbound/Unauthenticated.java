package dev.muon.northbound;

/** A request without a valid token: 401 with keystonemiddleware's body and WWW-Authenticate. */
final class Unauthenticated extends RuntimeException {
    Unauthenticated(String why) {
        super(why, null, false, false);
    }
}
