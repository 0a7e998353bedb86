package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import java.time.Clock;
import java.time.Instant;

/**
 * Writes the status the dataplane shows for one kind of resource into the model, durably and
 * stamped as any change (updated_at, revision_number), as Neutron does for a status change.
 *
 * @param <T> the model record
 */
abstract class StatusUpdates<T> {
    private final ModelStore store;
    private final Clock clock;
    private final ResourceKind<T> kind;

    StatusUpdates(ModelStore store, Clock clock, ResourceKind<T> kind) {
        this.store = store;
        this.clock = clock;
        this.kind = kind;
    }

    /** Does nothing when the resource already has that status or no longer exists. */
    public final void set(String id, String status) {
        store.write(m -> apply(m, id, status, clock.instant()));
    }

    final Result<Void> apply(NetworkModel model, String id, String status, Instant now) {
        T current = model.get(kind, id).orElse(null);
        if (current == null || statusOf(current).equals(status)) {
            return Result.unchanged(model, null);
        }
        return Result.of(model.with(kind, withStatus(current, status, now)), null);
    }

    abstract String statusOf(T resource);

    /** A copy of {@code resource} with {@code status}, stamped as changed at {@code now}. */
    abstract T withStatus(T resource, String status, Instant now);
}
