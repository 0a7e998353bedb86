package dev.muon.northbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Neutron's quotasv2 and quotasv2_detail: {@code /v2.0/quotas} (projects with limits of their
 * own), {@code /v2.0/quotas/{project}} (GET, PUT, DELETE), {@code .../default},
 * {@code .../details} and {@code /v2.0/quotas/project} (who the caller is).
 */
final class QuotasResource {
    static final String COLLECTION = "quotas";
    static final String RESOURCE = "quota";
    private static final String BASE = "/v2.0/quotas";
    private static final String MEMBER = BASE + "/{project}";
    /** Neutron's DB_INTEGER_MAX_VALUE: a limit is stored as a 32-bit integer. */
    private static final long MAX_LIMIT = Integer.MAX_VALUE;

    private final QuotaService quotas;
    private final Function<Context, RequestContext> callers;

    QuotasResource(QuotaService quotas, Function<Context, RequestContext> callers) {
        this.quotas = quotas;
        this.callers = callers;
    }

    void register(Javalin app) {
        app.get(BASE, this::list);
        app.post(BASE, ctx -> {
            throw new NeutronException(501, "HTTPNotImplemented", "POST requests are not supported on this resource.");
        });
        // The caller's own project (before {project}: "project" is not a project id here).
        app.get(BASE + "/project", ctx -> whoAmI(ctx, "project"));
        app.get(BASE + "/tenant", ctx -> whoAmI(ctx, "tenant"));
        app.get(MEMBER + "/default", ctx -> limits(ctx, quotas.defaults(callers.apply(ctx), project(ctx))));
        app.get(MEMBER + "/details", this::details);
        app.get(MEMBER + "/details.json", this::details);
        app.get(MEMBER, ctx -> limits(ctx, quotas.get(callers.apply(ctx), project(ctx))));
        app.put(MEMBER, ctx -> {
            ObjectNode body = RequestBody.resource(ctx.body(), RESOURCE);
            boolean checkLimit = flag(body.remove("check_limit"));
            body.remove("force");   // skipping the check is what happens anyway without check_limit
            Map<String, Integer> limits = new LinkedHashMap<>();
            body.fields().forEachRemaining(e -> limits.put(e.getKey(), limit(e.getKey(), e.getValue())));
            limits(ctx, quotas.update(callers.apply(ctx), project(ctx), limits, checkLimit));
        });
        app.delete(MEMBER, ctx -> {
            quotas.delete(callers.apply(ctx), project(ctx));
            ctx.status(204);
        });
    }

    private static String project(Context ctx) {
        String id = ctx.pathParam("project");
        return id.endsWith(".json") ? id.substring(0, id.length() - ".json".length()) : id;
    }

    private void list(Context ctx) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray(COLLECTION);
        for (ProjectQuotaView q : quotas.list(callers.apply(ctx))) {
            ObjectNode item = list.addObject();
            q.limits().forEach(item::put);
            item.put("project_id", q.projectId());
            item.put("tenant_id", q.projectId());
        }
        CollectionResponses.json(ctx, 200, body);
    }

    private static void limits(Context ctx, Map<String, Integer> limits) {
        ObjectNode quota = Json.object();
        limits.forEach(quota::put);
        CollectionResponses.show(ctx, 200, RESOURCE, quota);
    }

    private void details(Context ctx) {
        ObjectNode quota = Json.object();
        quotas.details(callers.apply(ctx), project(ctx)).forEach((resource, usage) -> quota.putObject(resource)
                .put("limit", usage.limit()).put("used", usage.used()).put("reserved", usage.reserved()));
        CollectionResponses.show(ctx, 200, RESOURCE, quota);
    }

    private void whoAmI(Context ctx, String key) {
        String projectId = callers.apply(ctx).projectId();
        if (projectId == null || projectId.isEmpty()) {
            throw NeutronException.badRequest("Tenant-id was missing from quota request.");
        }
        ObjectNode body = Json.object();
        body.putObject(key).put(key + "_id", projectId);
        CollectionResponses.json(ctx, 200, body);
    }

    /** Neutron's convert_to_int and validate range [-1, 2^31-1] on a quota attribute. */
    static int limit(String resource, JsonNode value) {
        Long number = null;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            number = value.asLong();
        } else if (value.isNumber()) {
            number = (long) value.asDouble();   // Python's int(2.5) is 2
        } else if (value.isTextual()) {
            try {
                number = Long.parseLong(value.asText().trim());
            } catch (NumberFormatException e) {
                number = null;
            }
        }
        String shown = value.isTextual() ? value.asText() : value.toString();
        if (number == null) {
            throw invalid(resource, "'" + Excerpt.of(shown) + "' is not an integer");
        }
        if (number < -1) {
            throw invalid(resource, "'" + number + "' is too small - must be at least '-1'");
        }
        if (number > MAX_LIMIT) {
            throw invalid(resource, "'" + number + "' is too large - must be no larger than '" + MAX_LIMIT + "'");
        }
        return number.intValue();
    }

    private static NeutronException invalid(String resource, String reason) {
        return NeutronException.badRequest("Invalid input for " + Excerpt.of(resource) + ". Reason: " + reason + ".");
    }

    private static boolean flag(JsonNode value) {
        return value != null && (value.asBoolean(false) || "true".equalsIgnoreCase(value.asText()));
    }
}
