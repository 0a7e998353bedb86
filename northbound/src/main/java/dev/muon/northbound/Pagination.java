package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Neutron's {@code ?limit=N&marker=<id>&page_reverse=True}: the page after (or, reversed,
 * before) the item with id {@code marker}, in the sort order. When a limit is given the
 * collection carries {@code <collection>_links} as Neutron builds them (see {@link Page});
 * openstacksdk and tempest follow "next" until a page comes back short.
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

    /**
     * A page and which links Neutron shows with it. Like Neutron's get_pagination_links, a link
     * only tells that a page may lie that way: "next" whenever a forward page is full (even the
     * last), "previous" on every forward page (even the first); reversed, the other way round.
     * Links carry the page's edge ids as markers, and no marker when the page is empty.
     */
    record Page(List<ObjectNode> items, boolean hasNext, boolean hasPrevious) {
        /** The next link's marker: the page's last id; null when the page is empty. */
        String nextMarker() {
            return items.isEmpty() ? null : items.get(items.size() - 1).path("id").asText();
        }

        /** The previous link's marker: the page's first id; null when the page is empty. */
        String previousMarker() {
            return items.isEmpty() ? null : items.get(0).path("id").asText();
        }
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
        if (limit == null) {
            return new Page(page, false, false);
        }
        boolean full = page.size() >= limit;
        return new Page(page, reverse || full, !reverse || full);
    }
}
