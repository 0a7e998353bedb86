package dev.muon.northbound;

/** Keystone did not answer, or answered something other than a verdict on the token: 503. */
final class KeystoneUnavailable extends RuntimeException {
    KeystoneUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
