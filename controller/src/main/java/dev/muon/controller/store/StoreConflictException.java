package dev.muon.controller.store;

/**
 * A write refused because the database no longer holds what the writer read (another writer on the
 * same database was first). Nothing was written: read again and retry.
 */
public final class StoreConflictException extends StoreException {
    public StoreConflictException(String message) {
        super(message);
    }

    public StoreConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
