package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.NetworkModel;

import java.util.ArrayList;
import java.util.List;

/**
 * The writes of one resource kind as functions from one snapshot to the next, so that they
 * compose inside one transaction (a router interface creates a port, auto-allocation builds
 * a whole topology). Update and delete receive the resource already found, visible to and
 * changeable by the caller, at the revision the caller required.
 *
 * @param <T> the model record
 * @param <R> the parsed request
 */
interface ResourceOperations<T, R> {

    Result<T> create(NetworkModel model, RequestContext ctx, R request);

    /** Neutron's bulk create, all in the one transaction: by default, each create on the previous one's model. */
    default Result<List<T>> createAll(NetworkModel model, RequestContext ctx, List<R> requests) {
        NetworkModel next = model;
        List<T> created = new ArrayList<>();
        for (R request : requests) {
            Result<T> r = create(next, ctx, request);
            next = r.next();
            created.add(r.value());
        }
        return Result.of(next, created);
    }

    Result<T> update(NetworkModel model, RequestContext ctx, T current, R changes);

    Result<Void> delete(NetworkModel model, RequestContext ctx, T current);
}
