package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.ResourceService;
import dev.muon.pipeline.model.NetworkModel;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One Neutron collection served from the model store: reads from the current snapshot, each
 * write one transaction that finds the resource under the caller's rules and applies the
 * operation. What differs per resource is its rules, its operations and its view.
 *
 * @param <T> the model record
 * @param <V> what the API shows
 * @param <R> the parsed request
 */
class StoredResources<T, V, R> implements ResourceService<V, R> {
    /**
     * What the API shows of a resource in a snapshot to a caller: some attributes depend on who
     * asks (Neutron computes {@code shared} per request: shared with the caller's project).
     */
    @FunctionalInterface
    interface View<T, V> {
        V of(NetworkModel model, RequestContext ctx, T resource);
    }

    protected final ModelStore store;
    protected final ResourceRules<T> rules;
    private final ResourceOperations<T, R> operations;
    private final View<T, V> view;
    private final BiFunction<NetworkModel, RequestContext, NetworkModel> beforeList;
    private final QuotaCheck quota;

    /**
     * @param beforeList what a list does first (a listing of security groups creates the caller's
     *                   default group); identity when nothing
     * @param quota      what a create (one or a bulk) must respect
     */
    StoredResources(ModelStore store, ResourceRules<T> rules, ResourceOperations<T, R> operations,
                    View<T, V> view, BiFunction<NetworkModel, RequestContext, NetworkModel> beforeList,
                    QuotaCheck quota) {
        this.store = store;
        this.rules = rules;
        this.operations = operations;
        this.view = view;
        this.beforeList = beforeList;
        this.quota = quota;
    }

    /** With a view the same for every caller. */
    StoredResources(ModelStore store, ResourceRules<T> rules, ResourceOperations<T, R> operations,
                    BiFunction<NetworkModel, T, V> view, BiFunction<NetworkModel, RequestContext, NetworkModel> beforeList,
                    QuotaCheck quota) {
        this(store, rules, operations, (m, ctx, t) -> view.apply(m, t), beforeList, quota);
    }

    StoredResources(ModelStore store, ResourceRules<T> rules, ResourceOperations<T, R> operations,
                    BiFunction<NetworkModel, T, V> view, BiFunction<NetworkModel, RequestContext, NetworkModel> beforeList) {
        this(store, rules, operations, view, beforeList, QuotaCheck.NONE);
    }

    StoredResources(ModelStore store, ResourceRules<T> rules, ResourceOperations<T, R> operations,
                    BiFunction<NetworkModel, T, V> view) {
        this(store, rules, operations, view, null);
    }

    @Override
    public List<V> list(RequestContext ctx) {
        NetworkModel m = beforeList == null ? store.snapshot() : ModelWrites.write(store, current -> {
            NetworkModel next = beforeList.apply(current, ctx);
            return Result.of(next, next);
        });
        return rules.visibleIn(m, ctx).stream().map(r -> view.of(m, ctx, r)).toList();
    }

    @Override
    public V create(RequestContext ctx, R request) {
        return committed(ctx, m -> {
            Result<T> r = operations.create(m, ctx, request);
            quota.check(m, r.next(), List.of(r.value()));
            return r;
        });
    }

    @Override
    public List<V> createAll(RequestContext ctx, List<R> requests) {
        return ModelWrites.write(store, m -> {
            Result<List<T>> r = operations.createAll(m, ctx, requests);
            NetworkModel committed = r.next();
            quota.check(m, committed, r.value());
            return Result.of(committed, r.value().stream().map(t -> view.of(committed, ctx, t)).toList());
        });
    }

    @Override
    public V get(RequestContext ctx, String id) {
        NetworkModel m = store.snapshot();
        return view.of(m, ctx, rules.find(m, ctx, id));
    }

    @Override
    public V update(RequestContext ctx, String id, R changes) {
        return committed(ctx, m -> operations.update(m, ctx, rules.findChangeable(m, ctx, id, "update_" + rules.resource()), changes));
    }

    @Override
    public void delete(RequestContext ctx, String id) {
        ModelWrites.write(store,
                m -> operations.delete(m, ctx, rules.findChangeable(m, ctx, id, "delete_" + rules.resource())));
    }

    /** Runs a write and shows its result as seen in the snapshot it committed. */
    protected V committed(RequestContext ctx, Function<NetworkModel, Result<T>> write) {
        return ModelWrites.write(store, m -> {
            Result<T> r = write.apply(m);
            return Result.of(r.next(), view.of(r.next(), ctx, r.value()));
        });
    }
}
