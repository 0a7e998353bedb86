package dev.muon.controller.store;

import dev.muon.pipeline.model.Network;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.NetworkType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrent writers share a commit: one save per batch, each caller answered as if alone. */
@Timeout(60)
class GroupCommitTest {

    @Test
    void concurrentWritersAllLandInFewerSaves() throws Exception {
        int threads = 16;
        int each = 40;
        Scripted persistence = new Scripted();
        persistence.delayMillis = 2;   // a save as slow as an fsync, so that writers pile up behind it
        List<Integer> published = new CopyOnWriteArrayList<>();
        try (ModelStore store = new ModelStore(persistence)) {
            store.subscribe(m -> published.add(m.networks().size()));
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String id = "net-" + thread + "-" + i;
                        String answer = store.write(m -> Transaction.Result.of(m.withNetwork(network(id)), id));
                        assertEquals(id, answer);
                        // durable before the writer hears of it
                        assertTrue(persistence.saved().networks().containsKey(id));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            int writes = threads * each;
            assertEquals(writes, store.snapshot().networks().size());
            assertEquals(writes, store.version());
            assertEquals(writes, persistence.saved().networks().size());
            assertTrue(persistence.saves.get() < writes / 2, persistence.saves.get() + " saves for " + writes + " writes");
        }
        // Closing delivered every publication, each a larger model than the one before.
        assertEquals(persistence.saves.get(), published.size());
        for (int i = 1; i < published.size(); i++) {
            assertTrue(published.get(i) > published.get(i - 1), "published out of order: " + published);
        }
        assertEquals(threads * each, published.get(published.size() - 1));
    }

    @Test
    void aRefusedTransactionFailsOnlyItsCallerAndLaterOnesSeeEarlierOnes() throws Exception {
        Scripted persistence = new Scripted();
        try (ModelStore store = new ModelStore(persistence)) {
            Batch batch = Batch.behindABlockedSave(store, persistence);
            AtomicReference<NetworkModel> seenByC = new AtomicReference<>();
            Future<String> a = batch.queue(() -> store.write(m -> Transaction.Result.of(m.withNetwork(network("a")), "a")));
            Future<String> b = batch.queue(() -> store.write(m -> {
                throw new IllegalArgumentException("refused");
            }));
            Future<String> nothing = batch.queue(() -> store.write(m -> Transaction.Result.unchanged(m, "nothing")));
            Future<String> c = batch.queue(() -> store.write(m -> {
                seenByC.set(m);
                return Transaction.Result.of(m.withNetwork(network("c")), "c");
            }));
            // Not saved yet, the first write's included: readers see none of them.
            assertEquals(Set.of(), store.snapshot().networks().keySet());
            batch.release();

            assertEquals("a", a.get());
            ExecutionException refused = assertThrows(ExecutionException.class, b::get);
            assertInstanceOf(IllegalArgumentException.class, refused.getCause());
            assertEquals("nothing", nothing.get());
            assertEquals("c", c.get());
            assertTrue(seenByC.get().networks().containsKey("a"));
            assertEquals(Set.of("first", "a", "c"), store.snapshot().networks().keySet());
            assertEquals(2, persistence.saves.get());
            assertEquals(3, store.version());   // changes are counted, not batches
            assertEquals(3, persistence.savedVersion);
        }
    }

    @Test
    void aFailedSaveFailsEveryCallerOfItsBatchAndLeavesTheStoreAsItWas() throws Exception {
        Scripted persistence = new Scripted();
        try (ModelStore store = new ModelStore(persistence)) {
            Batch batch = Batch.behindABlockedSave(store, persistence);
            Future<String> a = batch.queue(() -> store.write(m -> Transaction.Result.of(m.withNetwork(network("a")), "a")));
            Future<String> readOnly = batch.queue(() -> store.write(m -> Transaction.Result.unchanged(m, "read")));
            Future<String> b = batch.queue(() -> store.write(m -> Transaction.Result.of(m.withNetwork(network("b")), "b")));
            persistence.failCall = 2;
            batch.release();

            for (Future<String> f : List.of(a, readOnly, b)) {
                ExecutionException e = assertThrows(ExecutionException.class, f::get);
                assertInstanceOf(UncheckedIOException.class, e.getCause());
            }
            assertEquals(Set.of("first"), store.snapshot().networks().keySet());
            assertEquals(1, store.version());
            assertEquals(1, persistence.savedVersion);
            // The store goes on from where it was.
            store.write(m -> Transaction.Result.of(m.withNetwork(network("d")), null));
            assertEquals(Set.of("first", "d"), store.snapshot().networks().keySet());
            assertEquals(2, store.version());
            assertEquals(2, persistence.savedVersion);
        }
    }

    @Test
    void closeCommitsWhatIsQueuedAndRefusesLaterWrites() throws Exception {
        Scripted persistence = new Scripted();
        ModelStore store = new ModelStore(persistence);
        Batch batch = Batch.behindABlockedSave(store, persistence);
        Future<String> a = batch.queue(() -> store.write(m -> Transaction.Result.of(m.withNetwork(network("a")), "a")));
        Thread closer = new Thread(store::close);
        closer.start();
        batch.release();
        closer.join();
        assertEquals("a", a.get());
        assertTrue(persistence.saved().networks().containsKey("a"));
        assertTrue(persistence.closed);
        assertThrows(StoreException.class, () -> store.write(m -> Transaction.Result.of(m.withNetwork(network("x")), null)));
    }

    @Test
    void aTransactionMayNotWrite() {
        try (ModelStore store = ModelStore.inMemory()) {
            assertThrows(IllegalStateException.class, () -> store.write(m -> store.write(n -> Transaction.Result.of(n, null))));
            assertEquals(0, store.version());
        }
    }

    @Test
    void aWriterInterruptedWhileWaitingStillGetsItsAnswer() throws Exception {
        Scripted persistence = new Scripted();
        try (ModelStore store = new ModelStore(persistence)) {
            Batch batch = Batch.behindABlockedSave(store, persistence);
            AtomicReference<String> answer = new AtomicReference<>();
            AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                answer.set(store.write(m -> Transaction.Result.of(m.withNetwork(network("a")), "a")));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            writer.start();
            Batch.awaitWaiting(writer);
            writer.interrupt();
            batch.release();
            writer.join();
            assertEquals("a", answer.get());
            assertTrue(stillInterrupted.get());
            assertTrue(persistence.saved().networks().containsKey("a"));
        }
    }

    /** A first write whose save blocks, so that the writes queued meanwhile make one batch, in order. */
    private static final class Batch {
        private final CountDownLatch gate = new CountDownLatch(1);
        private final ExecutorService writers = Executors.newCachedThreadPool();

        static Batch behindABlockedSave(ModelStore store, Scripted persistence) throws Exception {
            Batch batch = new Batch();
            persistence.gate = batch.gate;
            CountDownLatch saving = new CountDownLatch(1);
            persistence.saving = saving;
            batch.queue(() -> store.write(m -> Transaction.Result.of(m.withNetwork(network("first")), "first")));
            assertTrue(saving.await(10, TimeUnit.SECONDS));
            return batch;
        }

        /** Runs {@code write} on a thread of its own and returns once it waits in the queue. */
        <T> Future<T> queue(Callable<T> write) throws Exception {
            AtomicReference<Thread> thread = new AtomicReference<>();
            CountDownLatch running = new CountDownLatch(1);
            Future<T> f = writers.submit(() -> {
                thread.set(Thread.currentThread());
                running.countDown();
                return write.call();
            });
            running.await();
            awaitWaiting(thread.get());
            return f;
        }

        static void awaitWaiting(Thread t) throws InterruptedException {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }

        void release() {
            gate.countDown();
            writers.shutdown();
        }
    }

    /** In memory, counting saves; can hold a save, slow it or fail it. */
    private static final class Scripted implements ModelPersistence {
        final AtomicInteger saves = new AtomicInteger();
        volatile long delayMillis;
        volatile CountDownLatch gate;
        volatile CountDownLatch saving;
        /** Which save (counted from 1) throws; 0 for none. */
        volatile int failCall;
        private final AtomicInteger calls = new AtomicInteger();
        volatile boolean closed;
        volatile long savedVersion;
        private volatile NetworkModel saved = NetworkModel.EMPTY;

        @Override
        public Optional<Stored> load() {
            return Optional.empty();
        }

        @Override
        public void save(NetworkModel model, long version) {
            int call = calls.incrementAndGet();
            CountDownLatch s = saving;
            if (s != null) {
                saving = null;
                s.countDown();
            }
            CountDownLatch g = gate;
            if (g != null) {
                gate = null;
                try {
                    assertTrue(g.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (call == failCall) {
                throw new UncheckedIOException(new java.io.IOException("disk full"));
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            assertFalse(closed, "saved after close");
            saved = model;
            savedVersion = version;
            saves.incrementAndGet();
        }

        NetworkModel saved() {
            return saved;
        }

        @Override
        public NodeAllocations nodeAllocations() {
            return new InMemoryNodeAllocations();
        }

        @Override
        public RememberedNodes rememberedNodes() {
            return new InMemoryRememberedNodes();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static Network network(String id) {
        Instant t = Instant.EPOCH;
        return new Network(id, id, "", "project", true, false, false, NetworkType.VXLAN, null, 1000, 1450, "ACTIVE",
                t, t, 1, false, true, List.of());
    }
}
