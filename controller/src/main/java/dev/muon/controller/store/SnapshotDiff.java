package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;

import java.util.ArrayList;
import java.util.List;

/**
 * What changed between two snapshots, resource by resource, over every kind of
 * {@link ResourceKind#ALL}: what a save must insert, update and delete.
 */
record SnapshotDiff(List<Row> inserted, List<Row> updated, List<Row> deleted) {

    /** One resource; {@code resource} is null for a deletion. */
    record Row(ResourceKind<?> kind, String id, Object resource) {
    }

    static SnapshotDiff between(NetworkModel before, NetworkModel after) {
        List<Row> inserted = new ArrayList<>();
        List<Row> updated = new ArrayList<>();
        List<Row> deleted = new ArrayList<>();
        for (ResourceKind<?> kind : ResourceKind.ALL) {
            collect(kind, before, after, inserted, updated, deleted);
        }
        return new SnapshotDiff(List.copyOf(inserted), List.copyOf(updated), List.copyOf(deleted));
    }

    /** Snapshots share what neither changed, so this looks at the changed part of the model only. */
    private static <T> void collect(ResourceKind<T> kind, NetworkModel before, NetworkModel after,
                                    List<Row> inserted, List<Row> updated, List<Row> deleted) {
        after.forEachChangeSince(before, kind, (old, now) -> {
            if (old == null) {
                inserted.add(new Row(kind, kind.id(now), now));
            } else if (now == null) {
                deleted.add(new Row(kind, kind.id(old), null));
            } else {
                updated.add(new Row(kind, kind.id(now), now));
            }
        });
    }

    boolean isEmpty() {
        return inserted.isEmpty() && updated.isEmpty() && deleted.isEmpty();
    }

    int size() {
        return inserted.size() + updated.size() + deleted.size();
    }
}
