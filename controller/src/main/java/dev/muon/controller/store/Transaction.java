package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;

/**
 * One write: from the current snapshot, the next snapshot and what to answer the caller.
 * It runs under the store's lock and must be a pure function of its input; throwing aborts it
 * and leaves the store unchanged.
 */
@FunctionalInterface
public interface Transaction<T> {

    Result<T> apply(NetworkModel current);

    /** The snapshot to commit and the caller's answer. Committing the same snapshot is a no-op. */
    record Result<T>(NetworkModel next, T value) {
        public static <T> Result<T> of(NetworkModel next, T value) {
            return new Result<>(next, value);
        }

        /** Commit nothing, answer {@code value}. */
        public static <T> Result<T> unchanged(NetworkModel current, T value) {
            return new Result<>(current, value);
        }
    }
}
