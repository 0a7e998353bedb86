package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.Flow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One node's per-port flows from its last compile, by the inputs that made them: a port whose
 * inputs are equal gets the very same flows back (not rebuilt, and identical objects, so the
 * reconciler's diff passes them at once). A compile hands on only the fragments it used, so the
 * memo never outgrows the node. Used by one compile at a time.
 */
public final class FragmentMemo {
    private final Map<Object, Object> previous;
    private final Map<Object, Object> used = new HashMap<>();

    private FragmentMemo(Map<Object, Object> previous) {
        this.previous = previous;
    }

    /** A memo that knows nothing: every fragment is computed (a full compile). */
    public static FragmentMemo empty() {
        return new FragmentMemo(Map.of());
    }

    /** The memo for the node's next compile: the fragments this one used. */
    public FragmentMemo next() {
        return new FragmentMemo(used);
    }

    /**
     * The flows for {@code key}: the last compile's if it had the same key (a record of every input
     * the flows depend on), else {@code compute}'s.
     */
    List<Flow> fragment(Object key, Supplier<List<Flow>> compute) {
        return value(key, () -> List.copyOf(compute.get()));
    }

    /**
     * Any immutable value computed from {@code key} alone: the last compile's if it had the same key.
     * Key records of different modules never collide (a record equals only its own type).
     */
    @SuppressWarnings("unchecked")
    <T> T value(Object key, Supplier<T> compute) {
        T v = (T) previous.get(key);
        if (v == null) {
            v = compute.get();
        }
        used.put(key, v);
        return v;
    }
}
