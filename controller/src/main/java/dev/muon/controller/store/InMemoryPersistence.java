package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;

import java.util.Optional;

/** Keeps the last snapshot, node allocations and remembered nodes in memory only: for tests and throw-away runs. */
public final class InMemoryPersistence implements ModelPersistence {
    private final NodeAllocations nodeAllocations = new InMemoryNodeAllocations();
    private final RememberedNodes rememberedNodes = new InMemoryRememberedNodes();
    private volatile Stored stored;

    @Override
    public Optional<Stored> load() {
        return Optional.ofNullable(stored);
    }

    @Override
    public void save(NetworkModel model, long version) {
        stored = new Stored(model, version);
    }

    @Override
    public NodeAllocations nodeAllocations() {
        return nodeAllocations;
    }

    @Override
    public RememberedNodes rememberedNodes() {
        return rememberedNodes;
    }
}
