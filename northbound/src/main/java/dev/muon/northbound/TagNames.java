package dev.muon.northbound;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Neutron's limits on tags: each at most 255 characters, unique, at most 50 per resource. */
final class TagNames {
    static final int MAX_LENGTH = 255;
    static final int MAX_COUNT = 50;

    private TagNames() {
    }

    static void check(String tag) {
        if (tag.length() > MAX_LENGTH) {
            throw NeutronException.invalidInput("'" + tag + "' exceeds maximum length of " + MAX_LENGTH);
        }
    }

    /** @param attribute what the list was sent as, for the message */
    static void check(List<String> tags, String attribute) {
        Set<String> seen = new HashSet<>();
        for (String tag : tags) {
            if (tag.length() > MAX_LENGTH) {
                throw NeutronException.badRequest("Invalid input for " + attribute + ". Reason: '" + tag
                        + "' exceeds maximum length of " + MAX_LENGTH + ".");
            }
            if (!seen.add(tag)) {
                throw NeutronException.badRequest("Invalid input for " + attribute
                        + ". Reason: Duplicate items in the list: '" + tag + "'.");
            }
        }
        if (tags.size() > MAX_COUNT) {
            throw NeutronException.badRequest("The number of tags exceed the per-resource limit of " + MAX_COUNT);
        }
    }
}
