package dev.muon.ovsdb;

/** An OVSDB request failed: the server said so, or the connection went away. */
public final class OvsdbException extends RuntimeException {
    public OvsdbException(String message) {
        super(message);
    }
}
