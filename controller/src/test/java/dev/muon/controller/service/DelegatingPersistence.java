package dev.muon.controller.service;

import dev.muon.controller.store.InMemoryPersistence;
import dev.muon.controller.store.ModelPersistence;
import dev.muon.controller.store.NodeAllocations;
import dev.muon.controller.store.RememberedNodes;
import dev.muon.pipeline.model.NetworkModel;

import java.util.Optional;

/** An in-memory persistence a test can wrap to make saves fail. */
class DelegatingPersistence implements ModelPersistence {
    private final InMemoryPersistence memory = new InMemoryPersistence();

    @Override
    public Optional<Stored> load() {
        return memory.load();
    }

    @Override
    public void save(NetworkModel model, long version) {
        memory.save(model, version);
    }

    @Override
    public NodeAllocations nodeAllocations() {
        return memory.nodeAllocations();
    }

    @Override
    public RememberedNodes rememberedNodes() {
        return memory.rememberedNodes();
    }
}
