package dev.muon.northbound;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code availability_zone_hints} of a network or router create: a list of zone names, none
 * twice (neutron-lib's validator). Whether each zone exists is the service's question.
 */
final class AvailabilityZoneHints {
    static final String NAME = "availability_zone_hints";

    private AvailabilityZoneHints() {
    }

    /** The hints sent, or null when none were. */
    static List<String> read(AttributeReader r) {
        List<String> hints = r.emptyIfNull(NAME, r::strings);
        if (hints != null && new HashSet<>(hints).size() != hints.size()) {
            throw NeutronException.badRequest("Invalid input for " + NAME + ". Reason: Duplicate items in the list: '"
                    + Excerpt.of(String.join(", ", duplicates(hints))) + "'.");
        }
        return hints;
    }

    private static Set<String> duplicates(List<String> hints) {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new TreeSet<>();
        hints.forEach(h -> {
            if (!seen.add(h)) {
                twice.add(h);
            }
        });
        return twice;
    }
}
