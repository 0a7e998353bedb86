package dev.muon.controller.store;

import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
            Map<String, ?> old = before.all(kind);
            Map<String, ?> now = after.all(kind);
            now.forEach((id, resource) -> {
                Object previous = old.get(id);
                if (previous == null) {
                    inserted.add(new Row(kind, id, resource));
                } else if (previous != resource && !previous.equals(resource)) {
                    // Unchanged resources are usually the very same object: snapshots share them.
                    updated.add(new Row(kind, id, resource));
                }
            });
            for (String id : old.keySet()) {
                if (!now.containsKey(id)) {
                    deleted.add(new Row(kind, id, null));
                }
            }
        }
        return new SnapshotDiff(List.copyOf(inserted), List.copyOf(updated), List.copyOf(deleted));
    }

    boolean isEmpty() {
        return inserted.isEmpty() && updated.isEmpty() && deleted.isEmpty();
    }

    int size() {
        return inserted.size() + updated.size() + deleted.size();
    }
}
