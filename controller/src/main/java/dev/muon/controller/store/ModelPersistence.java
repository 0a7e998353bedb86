package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;

import java.util.Optional;

/**
 * Where committed snapshots are kept durably. {@link #save} returns only once the snapshot
 * survives a crash. A JSON file today; a JDBC store later implements the same two calls.
 */
public interface ModelPersistence {

    /** The last saved snapshot, empty on first start. */
    Optional<Stored> load();

    void save(NetworkModel model, long version);

    record Stored(NetworkModel model, long version) {
    }
}
