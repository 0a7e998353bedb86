package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A transaction waiting in the store's queue, and then what its caller gets: its answer once the
 * batch it was applied in is durable, or the exception that refused it.
 */
final class PendingWrite<T> {
    private final Transaction<T> transaction;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final boolean read;
    private T value;

    PendingWrite(Transaction<T> transaction) {
        this(transaction, false);
    }

    private PendingWrite(Transaction<T> transaction, boolean read) {
        this.transaction = transaction;
        this.read = read;
    }

    /** Not a write: a reader waiting for the store to catch up with other controllers (see ModelStore#latest). */
    static PendingWrite<NetworkModel> read() {
        return new PendingWrite<>(m -> Transaction.Result.unchanged(m, m), true);
    }

    boolean isRead() {
        return read;
    }

    /** A reader's answer. */
    void answer(T answer) {
        outcome.complete(answer);
    }

    /**
     * Runs the transaction on {@code current}: the snapshot it makes (maybe {@code current}
     * itself), or null when it threw, in which case its caller is told at once: a refused
     * transaction made no snapshot, so it need not wait for the others.
     */
    NetworkModel applyTo(NetworkModel current) {
        try {
            Transaction.Result<T> result = transaction.apply(current);
            value = result.value();
            return result.next();
        } catch (RuntimeException | Error e) {
            outcome.completeExceptionally(e);
            return null;
        }
    }

    /** The batch is durable (or changed nothing): the caller gets its answer. */
    void succeed() {
        outcome.complete(value);
    }

    void fail(Throwable cause) {
        outcome.completeExceptionally(cause);
    }

    /**
     * Waits for the outcome, through interrupts (as a lock would: a write, once queued, is seen
     * through), and rethrows what refused it as it was thrown.
     */
    T await() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return outcome.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new StoreException("write failed: " + cause, cause);
    }
}
