package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;

import java.util.Optional;

/** Keeps the last snapshot in memory only: for tests and throw-away runs. */
public final class InMemoryPersistence implements ModelPersistence {
    private volatile Stored stored;

    @Override
    public Optional<Stored> load() {
        return Optional.ofNullable(stored);
    }

    @Override
    public void save(NetworkModel model, long version) {
        stored = new Stored(model, version);
    }
}
