package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;

import java.util.Optional;

/**
 * Where committed snapshots are kept durably. {@link #save} returns only once the snapshot
 * survives a crash, and a save that throws has changed nothing. {@link JdbcPersistence} keeps
 * them in a database; {@link InMemoryPersistence} nowhere.
 */
public interface ModelPersistence extends AutoCloseable {

    /** The last saved snapshot, empty on first start. */
    Optional<Stored> load();

    void save(NetworkModel model, long version);

    /** Releases the storage (a database connection); nothing can be loaded or saved after. */
    @Override
    default void close() {
    }

    record Stored(NetworkModel model, long version) {
    }
}
