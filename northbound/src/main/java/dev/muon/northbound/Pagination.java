package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Neutron's {@code ?limit=N&marker=<id>&page_reverse=True}: the page after (or, reversed,
 * before) the item with id {@code marker}, in the sort order. When a limit is given the
 * collection carries {@code <collection>_links}: "next" while more items follow (which is how
 * openstacksdk knows to ask again) and "previous" after a marker, as Neutron builds them.
 */
final class Pagination {
    private final Integer limit;
    private final String marker;
    private final boolean reverse;

    private Pagination(Integer limit, String marker, boolean reverse) {
        this.limit = limit;
        this.marker = marker;
        this.reverse = reverse;
    }

    static Pagination from(String limit, String marker) {
        return from(limit, marker, null);
    }

    static Pagination from(String limit, String marker, String pageReverse) {
        Integer n = null;
        if (limit != null && !limit.isEmpty()) {
            try {
                n = Integer.valueOf(limit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0) {
                throw NeutronException.badRequest("Limit must be an integer 0 or greater and not '" + limit + "'");
            }
            // Neutron reads limit=0 as "no limit".
            n = n == 0 ? null : n;
        }
        boolean reverse = false;
        if (pageReverse != null && !pageReverse.isEmpty()) {
            switch (pageReverse.toLowerCase(Locale.ROOT)) {
                case "true", "1", "t", "yes", "y", "on" -> reverse = true;
                case "false", "0", "f", "no", "n", "off" -> reverse = false;
                default -> throw NeutronException.badRequest("Invalid value for page_reverse: '" + pageReverse + "'");
            }
        }
        return new Pagination(n, marker == null || marker.isEmpty() ? null : marker, reverse);
    }

    /** A page and the markers of its links: null where Neutron shows no such link. */
    record Page(List<ObjectNode> items, String nextMarker, String previousMarker) {
    }

    Page apply(List<ObjectNode> sorted) {
        List<ObjectNode> items = sorted;
        if (reverse) {
            items = new ArrayList<>(sorted);
            Collections.reverse(items);
        }
        int from = 0;
        if (marker != null) {
            from = -1;
            for (int i = 0; i < items.size(); i++) {
                if (marker.equals(items.get(i).path("id").asText())) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                throw NeutronException.notFound("HTTPNotFound", "Marker " + marker + " could not be found.");
            }
        }
        int to = limit == null ? items.size() : Math.min(items.size(), from + limit);
        List<ObjectNode> page = new ArrayList<>(items.subList(from, to));
        if (reverse) {
            Collections.reverse(page);
        }
        if (limit == null || page.isEmpty()) {
            return new Page(page, null, null);
        }
        boolean more = to < items.size();
        String first = page.get(0).path("id").asText();
        String last = page.get(page.size() - 1).path("id").asText();
        // Reversed, "more" lies before the page and the marker's side after it.
        boolean hasNext = reverse ? marker != null : more;
        boolean hasPrevious = reverse ? more : marker != null;
        return new Page(page, hasNext ? last : null, hasPrevious ? first : null);
    }
}
