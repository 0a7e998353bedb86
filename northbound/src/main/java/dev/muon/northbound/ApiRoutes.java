package dev.muon.northbound;

import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.Context;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource a request is counted under in metrics: the first fixed segment of the route that
 * answered it ({@code /v2.0/ports/{id}/tags} → {@code ports}), never a segment of the path itself,
 * so that ids, names and a scanner's random paths cannot create a time series each. A request
 * refused before its route ran (401, 413) counts under the collection its path names if a route
 * serves that collection.
 */
final class ApiRoutes {
    static final String UNMATCHED = "unmatched";

    /** The collections the registered routes serve. */
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    /** Learns a route as Javalin adds it (its handlerAdded event). */
    void added(HandlerMetaInfo handler) {
        if (handler.getHttpMethod().isHttpMethod()) {
            known.add(resourceOf(handler.getPath()));
        }
    }

    String resource(Context ctx) {
        try {
            String route = ctx.endpointHandlerPath();
            if (route != null && !route.contains("*")) {
                return resourceOf(route);
            }
        } catch (RuntimeException e) {
            // no endpoint was reached: refused before, or none matched
        }
        String named = resourceOf(ctx.path());
        return known.contains(named) ? named : UNMATCHED;
    }

    /** The label for a route template such as {@code /v2.0/routers/{id}/add_router_interface}. */
    static String resourceOf(String route) {
        if (route == null || route.isEmpty() || route.contains("*")) {
            return UNMATCHED;
        }
        if (route.equals("/")) {
            return "versions";
        }
        String rest = route;
        for (String prefix : new String[] {"/v2.0", "/muon/v1"}) {
            if (rest.equals(prefix)) {
                return prefix.equals("/v2.0") ? "resources" : UNMATCHED;
            }
            if (rest.startsWith(prefix + "/")) {
                rest = rest.substring(prefix.length());
                break;
            }
        }
        String first = rest.substring(1).split("/", 2)[0];
        return first.isEmpty() || first.startsWith("{") ? UNMATCHED : first;
    }
}
