package dev.muon.pipeline.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Ports grouped by one of their attributes (their network, their MAC), each group in id order:
 * an index of a snapshot. Built once from every port, then carried from a snapshot to the next
 * one port at a time, so that a write copies one group, not the index.
 */
final class PortGroups {
    private static final Comparator<Port> BY_ID = Comparator.comparing(Port::id);

    private final Function<Port, String> key;
    private final ShardedMap<List<Port>> groups;

    private PortGroups(Function<Port, String> key, ShardedMap<List<Port>> groups) {
        this.key = key;
        this.groups = groups;
    }

    static PortGroups of(Collection<Port> ports, Function<Port, String> key) {
        Map<String, List<Port>> built = new HashMap<>();
        ports.stream().sorted(BY_ID).forEach(p -> built.computeIfAbsent(key.apply(p), k -> new ArrayList<>()).add(p));
        built.replaceAll((k, list) -> List.copyOf(list));
        return new PortGroups(key, ShardedMap.copyOf(built));
    }

    List<Port> get(String k) {
        List<Port> group = groups.get(k);
        return group == null ? List.of() : group;
    }

    /** The index after {@code before} (null: none) became {@code after} (null: deleted). */
    PortGroups replacing(Port before, Port after) {
        ShardedMap<List<Port>> next = groups;
        String from = before == null ? null : key.apply(before);
        String to = after == null ? null : key.apply(after);
        if (from != null) {
            next = put(next, from, change(next.get(from), before, from.equals(to) ? after : null));
        }
        if (to != null && !to.equals(from)) {
            next = put(next, to, change(next.get(to), null, after));
        }
        return new PortGroups(key, next);
    }

    private static ShardedMap<List<Port>> put(ShardedMap<List<Port>> groups, String k, List<Port> group) {
        return group.isEmpty() ? groups.without(k) : groups.with(k, group);
    }

    /** {@code group} without {@code out} (if not null) and with {@code in} (if not null), in id order. */
    private static List<Port> change(List<Port> group, Port out, Port in) {
        List<Port> changed = group == null ? new ArrayList<>() : new ArrayList<>(group);
        if (out != null) {
            int at = Collections.binarySearch(changed, out, BY_ID);
            if (at >= 0) {
                changed.remove(at);
            }
        }
        if (in != null) {
            int at = Collections.binarySearch(changed, in, BY_ID);
            if (at >= 0) {
                changed.set(at, in);
            } else {
                changed.add(-at - 1, in);
            }
        }
        return List.copyOf(changed);
    }
}
