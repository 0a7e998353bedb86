package dev.muon.controller.store;

import java.util.Collection;
import java.util.Map;

/**
 * Where node allocations are kept: beside the model, in the same storage, so that whatever holds
 * the model also holds every number the flows depend on. A pool is one (kind, node); within it an
 * item has at most one number and a number at most one item.
 */
public interface NodeAllocations {

    /** The pool's allocations as stored now, item → number. */
    Map<String, Long> read(String kind, String node);

    /** Whether nothing of {@code kind} is stored, on any node. */
    boolean isEmpty(String kind);

    /**
     * Removes {@code released} (each exactly as given) and stores {@code added}, all or nothing,
     * durably before returning.
     *
     * @throws StoreConflictException if the storage is not what the caller read: a released
     *         allocation is not there, or an added item or number is taken (another controller on
     *         the same database was first). Nothing is written; read the pool again.
     */
    void write(Collection<NodeAllocation> released, Collection<NodeAllocation> added);
}
