package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;

import java.util.Optional;

/**
 * Where committed snapshots are kept durably. {@link #save} returns only once the snapshot
 * survives a crash, and a save that throws has changed nothing. {@link JdbcPersistence} keeps
 * them in a database; {@link InMemoryPersistence} nowhere. The state that flows depend on beyond
 * the model (node allocations, remembered nodes) is kept in the same place, so that one database
 * holds everything a controller needs.
 */
public interface ModelPersistence extends AutoCloseable {

    /** The last saved snapshot, empty on first start. */
    Optional<Stored> load();

    void save(NetworkModel model, long version);

    /**
     * What other controllers sharing this storage committed since this one last loaded, caught
     * up or saved: the snapshot now stored, or empty when nothing changed.
     */
    default Optional<Stored> catchUp() {
        return Optional.empty();
    }

    /** Whether other controllers may write to this storage too (a database server, not a file). */
    default boolean shared() {
        return false;
    }

    /** Whether the storage answers now (a trivial query); storage in this process always does. */
    default boolean reachable() {
        return true;
    }

    /** The node allocations kept beside the model. */
    NodeAllocations nodeAllocations();

    /** The nodes remembered beside the model. */
    RememberedNodes rememberedNodes();

    /** Releases the storage (a database connection); nothing can be loaded or saved after. */
    @Override
    default void close() {
    }

    record Stored(NetworkModel model, long version) {
    }
}
