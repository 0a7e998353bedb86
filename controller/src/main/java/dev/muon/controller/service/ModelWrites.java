package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.StoreException;
import dev.muon.controller.store.Transaction;
import dev.muon.northbound.NeutronException;

/**
 * A write made for an API request. When the model database cannot take it (a full disk, a lost
 * server) the store has committed nothing and kept its previous snapshot, so the client is told
 * 503, a failure that says "try again", rather than 500; the store recovers by itself once the
 * cause is gone. Refusals of the request itself (NeutronExceptions) pass through unchanged.
 */
final class ModelWrites {
    private ModelWrites() {
    }

    static <T> T write(ModelStore store, Transaction<T> transaction) {
        try {
            return store.write(transaction);
        } catch (StoreException e) {
            throw NeutronException.serviceUnavailable("The model database is unavailable; nothing was changed. "
                    + "Please try again later.");
        }
    }
}
