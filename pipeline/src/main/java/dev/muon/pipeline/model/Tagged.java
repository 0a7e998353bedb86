package dev.muon.pipeline.model;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * A resource with Neutron's standard attribute {@code tags}: a set of strings shown sorted.
 * Changing them is a change of the resource (updated_at, revision_number), as in Neutron.
 *
 * @param <T> the record type itself
 */
public interface Tagged<T> {

    List<String> tags();

    /** A copy with exactly {@code tags}, stamped as changed at {@code at}. */
    T withTags(Collection<String> tags, Instant at);

    /** Tags in their canonical form: unique, sorted; null reads as none. */
    static List<String> canonical(Collection<String> tags) {
        return tags == null ? List.of() : List.copyOf(new TreeSet<>(tags));
    }
}
