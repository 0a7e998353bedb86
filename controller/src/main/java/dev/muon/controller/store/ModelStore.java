package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The logical model as a sequence of immutable, versioned {@link NetworkModel} snapshots.
 * Each {@link #write} validates and builds the next snapshot, saves it durably, then publishes
 * it, so readers never see a half-applied or unsaved change and a refused write leaves nothing
 * behind.
 *
 * <p>Writes are group-committed: writers queue their transactions and one committer thread
 * applies whatever is queued in order, each against the snapshot the previous one made, then
 * saves the batch's last snapshot in one database transaction (one fsync) and publishes it once.
 * A writer returns only when its change is durable; a transaction that throws fails its own
 * caller alone; a save that fails fails every caller of the batch and leaves the store as it was.
 * The version still counts every change, not every batch.
 *
 * <p>Several controllers may share one database ({@link ModelPersistence#shared}). Then the
 * committer also follows the others: whenever it is idle for {@link #FOLLOW_MILLIS} it catches up
 * with what they committed and publishes it like its own commits; a save that finds the database
 * moved catches up and applies its batch again on the newer snapshot (the database's version row
 * serializes the controllers' saves); and {@link #latest} lets an API read see every write any
 * controller acknowledged before it.
 *
 * <p>Listeners hear about every committed snapshot in commit order on one notifier thread,
 * never on the committer's, so a listener may itself read or write the store.
 */
public final class ModelStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
    /** Bounds a batch so that its writers are answered while more queue up behind it. */
    private static final int MAX_BATCH = 1024;
    /** How often an idle committer looks for other controllers' commits on a shared database. */
    static final long FOLLOW_MILLIS = 100;
    /** Catch-ups a batch may need before it is refused: only ever reached when others write without pause. */
    private static final int MAX_CATCH_UPS = 20;
    /** Queued last by {@link #close}: the committer stops once it reaches it. */
    private static final PendingWrite<Void> CLOSING = new PendingWrite<>(m -> Transaction.Result.unchanged(m, null));

    private final ModelPersistence persistence;
    private final BlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
    /** Guards closing against queueing, so that nothing is queued behind {@link #CLOSING}. */
    private final Object queueing = new Object();
    private boolean closing;
    /** Started by the first write. */
    private Thread committer;
    private final List<Consumer<NetworkModel>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "model-store-notifier");
        t.setDaemon(true);
        return t;
    });
    private volatile Versioned current;
    /** Whether the last save failed: logged once when saves start failing and once when they work again. */
    private final SaveHealth saving = new SaveHealth();
    /** Whether the last attempt to follow the other controllers failed (logged on change only). */
    private final SaveHealth following = new SaveHealth();
    /** Hears how long each successful save took, in nanoseconds (commit latency metrics). */
    private volatile LongConsumer commitTimes = nanos -> { };

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

    /**
     * The current snapshot, after catching up with every write other controllers on a shared
     * database committed before this call (read-your-writes across controllers behind one load
     * balancer). Concurrent readers share one catch-up; with an unshared store this is
     * {@link #snapshot}. If the database cannot be reached, the snapshot this controller has.
     */
    public NetworkModel latest() {
        if (!persistence.shared()) {
            return snapshot();
        }
        return enqueue(PendingWrite.read());
    }

    /** Starts the committer now rather than at the first write: on a shared database it also follows the others. */
    public void follow() {
        synchronized (queueing) {
            if (!closing) {
                startCommitter();
            }
        }
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

    /** Whether the database answers now (blocks while a save holds its connection). */
    public boolean databaseReachable() {
        return persistence.reachable();
    }

    /** {@code timer} hears how long each save that made writes durable took, in nanoseconds. */
    public void timeCommits(LongConsumer timer) {
        this.commitTimes = timer;
    }

    /** {@code listener} receives each snapshot committed from now on. */
    public void subscribe(Consumer<NetworkModel> listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code transaction} against the current snapshot (with the changes queued before it
     * applied) and commits its result; returns once that is durable. Exceptions from the
     * transaction or from persistence propagate and commit nothing. A transaction must not
     * itself write to the store.
     */
    public <T> T write(Transaction<T> transaction) {
        return enqueue(new PendingWrite<>(transaction));
    }

    private <T> T enqueue(PendingWrite<T> pending) {
        synchronized (queueing) {
            if (closing) {
                throw new StoreException("the model store is closed");
            }
            if (Thread.currentThread() == committer) {
                throw new IllegalStateException("a store transaction may not write to the store");
            }
            startCommitter();
            queue.add(pending);
        }
        return pending.await();
    }

    private void startCommitter() {
        if (committer == null) {
            committer = new Thread(this::commitQueued, "model-store-committer");
            committer.setDaemon(true);
            committer.start();
        }
    }

    /** The committer: batch after batch until {@link #CLOSING}. */
    private void commitQueued() {
        List<PendingWrite<?>> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                PendingWrite<?> first = persistence.shared() ? queue.poll(FOLLOW_MILLIS, TimeUnit.MILLISECONDS) : queue.take();
                if (first == null) {
                    followQuietly();
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                continue;   // only CLOSING stops it: a queued write is always answered
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            boolean last = batch.remove(CLOSING);
            try {
                commit(batch);
            } catch (RuntimeException | Error e) {
                LOG.error("model store committer failed", e);
                batch.forEach(w -> w.fail(e));
            }
            if (last) {
                return;
            }
        }
    }

    private void commit(List<PendingWrite<?>> batch) {
        List<PendingWrite<?>> writes = new ArrayList<>(batch.size());
        List<PendingWrite<NetworkModel>> reads = new ArrayList<>();
        for (PendingWrite<?> w : batch) {
            if (w.isRead()) {
                @SuppressWarnings("unchecked")
                PendingWrite<NetworkModel> read = (PendingWrite<NetworkModel>) w;
                reads.add(read);
            } else {
                writes.add(w);
            }
        }
        if (!reads.isEmpty()) {
            followQuietly();
            NetworkModel model = current.model();
            reads.forEach(r -> r.answer(model));
        }
        for (int catchUps = 0; !writes.isEmpty(); catchUps++) {
            writes = commitOnce(writes);
            if (writes.isEmpty()) {
                return;
            }
            if (catchUps == MAX_CATCH_UPS) {
                StoreException busy = new StoreException("the model database changes too fast to write to: "
                        + "other controllers committed before each of " + MAX_CATCH_UPS + " attempts");
                writes.forEach(w -> w.fail(busy));
                return;
            }
            try {
                followOthers();
            } catch (RuntimeException e) {
                writes.forEach(w -> w.fail(e));
                return;
            }
        }
    }

    /** Publishes what other controllers committed, if anything. */
    private void followOthers() {
        persistence.catchUp().ifPresent(stored -> {
            Versioned caught = new Versioned(stored.model(), stored.version());
            current = caught;
            notifier.execute(() -> publish(caught.model()));
        });
    }

    /** {@link #followOthers}, when no caller waits for it: an unreachable database is logged when it starts and ends. */
    private void followQuietly() {
        try {
            followOthers();
            if (following.recovered()) {
                LOG.info("following the other controllers' commits again");
            }
        } catch (RuntimeException e) {
            if (!following.failing()) {
                LOG.warn("cannot read the other controllers' commits: {}", e.getMessage());
            }
            following.failed();
        }
    }

    /**
     * Applies {@code batch} to the current snapshot and saves it.
     *
     * @return the writes to apply again: none, or, if another controller had committed since,
     *         every write the batch applied (those it refused were answered)
     */
    private List<PendingWrite<?>> commitOnce(List<PendingWrite<?>> batch) {
        Versioned before = current;
        NetworkModel model = before.model();
        long version = before.version();
        List<PendingWrite<?>> applied = new ArrayList<>(batch.size());
        for (PendingWrite<?> w : batch) {
            NetworkModel next = w.applyTo(model);
            if (next == null) {
                continue;   // refused, and its caller already told
            }
            applied.add(w);
            if (next != model) {
                model = next;
                version++;
            }
        }
        if (version != before.version()) {
            long saveStarted = System.nanoTime();
            try {
                persistence.save(model, version);
                commitTimes.accept(System.nanoTime() - saveStarted);
            } catch (ModelBehindException behind) {
                return applied;
            } catch (RuntimeException | Error e) {
                // Every answer was computed from snapshots that will never exist.
                if (!saving.failing()) {
                    LOG.error("cannot save the model; writes are refused until the database takes them again", e);
                }
                saving.failed();
                applied.forEach(w -> w.fail(e));
                return List.of();
            }
            if (saving.recovered()) {
                LOG.info("the model database takes writes again");
            }
            Versioned committed = new Versioned(model, version);
            current = committed;
            notifier.execute(() -> publish(committed.model()));
        }
        applied.forEach(PendingWrite::succeed);
        return List.of();
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

    /**
     * Commits what is queued, lets the notifier deliver it, then closes the storage; writes from
     * now on are refused.
     */
    @Override
    public void close() {
        Thread running;
        synchronized (queueing) {
            if (closing) {
                return;
            }
            closing = true;
            running = committer;
            if (running != null) {
                queue.add(CLOSING);
            }
        }
        if (running != null && running != Thread.currentThread()) {
            joinUninterruptibly(running);
        }
        notifier.shutdown();
        try {
            notifier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            persistence.close();
        } catch (Exception e) {
            LOG.warn("while closing the model storage: {}", e.toString());
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
