package dev.muon.northbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The response shapes shared by every collection: list (filters, sort, pages, fields) and show. */
final class CollectionResponses {
    private CollectionResponses() {
    }

    /** {@code {"<collection>": [...]}} of the rendered items the query selects. */
    static void list(Context ctx, String collection, AttributeSpec spec, List<ObjectNode> rendered) {
        Map<String, List<String>> query = ctx.queryParamMap();
        QueryFilter filter = QueryFilter.from(query, spec);
        Sorting sorting = Sorting.from(query.get("sort_key"), query.get("sort_dir"), spec);
        Pagination pagination = Pagination.from(ctx.queryParam("limit"), ctx.queryParam("marker"),
                ctx.queryParam("page_reverse"));
        FieldSelector fields = FieldSelector.from(query.get("fields"));

        List<ObjectNode> selected = sorting.apply(rendered.stream().filter(filter::matches).toList());
        Pagination.Page page = pagination.apply(selected);
        ObjectNode body = Json.object();
        ArrayNode items = body.putArray(collection);
        page.items().forEach(item -> items.add(fields.apply(spec.withoutHidden(item))));
        if (page.hasNext() || page.hasPrevious()) {
            ArrayNode links = body.putArray(collection + "_links");
            if (page.hasNext()) {
                links.addObject().put("rel", "next")
                        .put("href", ctx.url() + "?" + query(query, page.nextMarker(), false));
            }
            if (page.hasPrevious()) {
                links.addObject().put("rel", "previous")
                        .put("href", ctx.url() + "?" + query(query, page.previousMarker(), true));
            }
        }
        json(ctx, 200, body);
    }

    /** {@code {"<resource>": {...}}}, honouring {@code ?fields=}. */
    static void show(Context ctx, int status, String resource, ObjectNode rendered) {
        ObjectNode body = Json.object();
        body.set(resource, FieldSelector.from(ctx.queryParams("fields")).apply(rendered));
        json(ctx, status, body);
    }

    /** Written straight to UTF-8 bytes: a list of 10k ports is megabytes, not worth a String on the way. */
    static void json(Context ctx, int status, ObjectNode body) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
        ctx.status(status).contentType("application/json").result(bytes);
    }

    /** The request's query with {@code marker} (none when null) and, for a previous link, page_reverse. */
    private static String query(Map<String, List<String>> query, String marker, boolean pageReverse) {
        StringJoiner joined = new StringJoiner("&");
        query.forEach((key, values) -> {
            if (!key.equals("marker") && !key.equals("page_reverse")) {
                values.forEach(v -> joined.add(encode(key) + "=" + encode(v)));
            }
        });
        if (marker != null) {
            joined.add("marker=" + encode(marker));
        }
        if (pageReverse) {
            joined.add("page_reverse=True");
        }
        return joined.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
