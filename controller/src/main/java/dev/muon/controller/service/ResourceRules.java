package dev.muon.controller.service;

import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.ResourceKind;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * How one kind is found and who may see and change it, as Neutron's default policy says:
 * a caller who may not see a resource gets its NotFound; one who may see but not change it
 * gets PolicyNotAuthorized.
 *
 * @param resource   the singular name in policy rules ("network")
 * @param visible    whether the caller may see it
 * @param changeable whether the caller may update or delete it (given it is visible)
 */
record ResourceRules<T>(ResourceKind<T> kind, String resource, Function<String, NeutronException> notFound,
                        Policy<T> visible, Policy<T> changeable, Function<T, Instant> createdAt,
                        ToLongFunction<T> revision) {

    /** A rule on a resource in a snapshot for a caller. */
    @FunctionalInterface
    interface Policy<T> {
        boolean allows(RequestContext ctx, NetworkModel model, T resource);
    }

    /** The resource, if the caller may see it. */
    T find(NetworkModel model, RequestContext ctx, String id) {
        return visible(model, ctx, id).orElseThrow(() -> notFound.apply(id));
    }

    /** The resource if it exists and the caller may see it, else empty. */
    Optional<T> visible(NetworkModel model, RequestContext ctx, String id) {
        return model.get(kind, id).filter(found -> visible.allows(ctx, model, found));
    }

    /**
     * The resource, if the caller may change it and it is at the revision the caller required.
     *
     * @param action the policy rule refused otherwise ("update_network", "add_router_interface")
     */
    T findChangeable(NetworkModel model, RequestContext ctx, String id, String action) {
        T found = find(model, ctx, id);
        if (!changeable.allows(ctx, model, found)) {
            throw NeutronException.policy(action);
        }
        ctx.checkRevision(revision.applyAsLong(found));
        return found;
    }

    /** Everything the caller may see, oldest first. */
    List<T> visibleIn(NetworkModel model, RequestContext ctx) {
        return model.all(kind).values().stream()
                .filter(r -> visible.allows(ctx, model, r))
                .sorted(Comparator.comparing(createdAt).thenComparing(r -> kind.id(r)))
                .toList();
    }
}
