package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The logical model as a sequence of immutable, versioned {@link NetworkModel} snapshots.
 * Writes are serialized: each {@link #write} validates and builds the next snapshot under one
 * lock, saves it durably, then publishes it, so readers never see a half-applied or unsaved
 * change and a refused write leaves nothing behind.
 *
 * <p>Listeners hear about every committed snapshot in commit order on one notifier thread,
 * never under the write lock, so a listener may itself read or write the store.
 */
public final class ModelStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);

    private final ModelPersistence persistence;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<Consumer<NetworkModel>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "model-store-notifier");
        t.setDaemon(true);
        return t;
    });
    private volatile Versioned current;

    private record Versioned(NetworkModel model, long version) {
    }

    public ModelStore(ModelPersistence persistence) {
        this.persistence = persistence;
        this.current = persistence.load()
                .map(s -> new Versioned(s.model(), s.version()))
                .orElse(new Versioned(NetworkModel.EMPTY, 0));
    }

    /**
     * The store kept in the embedded database in {@code dataDir} (created if missing), loading
     * what was saved there.
     */
    public static ModelStore open(Path dataDir) {
        return open(dataDir, DatabaseLocation.h2In(dataDir));
    }

    /**
     * The store kept in {@code database}, which this opens and migrates to the current schema.
     * A {@code model.json} left in {@code dataDir} by an older Muon is imported into an empty database.
     */
    public static ModelStore open(Path dataDir, DatabaseLocation database) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir, e);
        }
        JdbcPersistence persistence = JdbcPersistence.open(database);
        try {
            LegacyModelFile.importInto(persistence, dataDir);
            return new ModelStore(persistence);
        } catch (RuntimeException e) {
            persistence.close();
            throw e;
        }
    }

    /** A store that forgets everything on exit. */
    public static ModelStore inMemory() {
        return new ModelStore(new InMemoryPersistence());
    }

    public NetworkModel snapshot() {
        return current.model();
    }

    /** How many changes have been committed since the store was first created. */
    public long version() {
        return current.version();
    }

    /** The node allocations kept in the same storage as the model (see {@link NodeAllocations}). */
    public NodeAllocations nodeAllocations() {
        return persistence.nodeAllocations();
    }

    /** The nodes remembered in the same storage as the model (see {@link RememberedNodes}). */
    public RememberedNodes rememberedNodes() {
        return persistence.rememberedNodes();
    }

    /** {@code listener} receives each snapshot committed from now on. */
    public void subscribe(Consumer<NetworkModel> listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code transaction} against the current snapshot and commits its result.
     * Exceptions from the transaction or from persistence propagate and commit nothing.
     */
    public <T> T write(Transaction<T> transaction) {
        Versioned committed;
        Transaction.Result<T> result;
        writeLock.lock();
        try {
            Versioned before = current;
            result = transaction.apply(before.model());
            if (result.next() == before.model()) {
                return result.value();
            }
            committed = new Versioned(result.next(), before.version() + 1);
            persistence.save(committed.model(), committed.version());
            current = committed;
            // Queued under the lock so that notifications keep commit order; once closing has
            // begun (also under the lock) a committed write is simply not announced.
            if (!notifier.isShutdown()) {
                notifier.execute(() -> publish(committed.model()));
            }
        } finally {
            writeLock.unlock();
        }
        return result.value();
    }

    private void publish(NetworkModel model) {
        for (Consumer<NetworkModel> listener : listeners) {
            try {
                listener.accept(model);
            } catch (RuntimeException e) {
                LOG.warn("model listener failed", e);
            }
        }
    }

    /** Stops the notifier after it has delivered what is queued, then closes the storage. */
    @Override
    public void close() {
        writeLock.lock();
        try {
            notifier.shutdown();
        } finally {
            writeLock.unlock();
        }
        try {
            notifier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeLock.lock();
        try {
            persistence.close();
        } catch (Exception e) {
            LOG.warn("while closing the model storage: {}", e.toString());
        } finally {
            writeLock.unlock();
        }
    }
}
