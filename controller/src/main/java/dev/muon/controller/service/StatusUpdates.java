package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;
import java.time.Instant;

/**
 * The status the dataplane shows for one kind of resource, applied to a model stamped as any change
 * (updated_at, revision_number), as Neutron does for a status change; written durably, with the rest of
 * a reconciliation pass's findings, by {@link NeutronNetworkService#write(StatusBatch)}.
 *
 * @param <T> the model record
 */
abstract class StatusUpdates<T> {
    private final ResourceKind<T> kind;

    StatusUpdates(ResourceKind<T> kind) {
        this.kind = kind;
    }

    /** Unchanged when the resource already has that status or no longer exists. */
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
