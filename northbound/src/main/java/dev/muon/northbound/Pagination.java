package dev.muon.northbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Neutron's {@code ?limit=N&marker=<id>}: the page after the item with id {@code marker}.
 * When more items follow, the collection carries a {@code <collection>_links} "next" link,
 * which is how openstacksdk knows to ask again.
 */
final class Pagination {
    private final Integer limit;
    private final String marker;

    private Pagination(Integer limit, String marker) {
        this.limit = limit;
        this.marker = marker;
    }

    static Pagination from(String limit, String marker) {
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
        return new Pagination(n, marker == null || marker.isEmpty() ? null : marker);
    }

    record Page(List<ObjectNode> items, String nextMarker) {
    }

    Page apply(List<ObjectNode> items) {
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
        if (limit == null) {
            return new Page(items.subList(from, items.size()), null);
        }
        int to = Math.min(items.size(), from + limit);
        List<ObjectNode> page = items.subList(from, to);
        String next = to < items.size() && !page.isEmpty() ? page.get(page.size() - 1).path("id").asText() : null;
        return new Page(page, next);
    }
}
