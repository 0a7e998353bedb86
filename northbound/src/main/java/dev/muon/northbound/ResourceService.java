package dev.muon.northbound;

import java.util.List;

/**
 * The five operations of one Neutron collection. Implementations own every rule (defaults,
 * validation, allocation, who may see and change what) and report refusals as
 * {@link NeutronException}; each write is atomic: a refused request changes nothing.
 *
 * @param <V> what is shown of a resource
 * @param <R> a parsed create or update request (null components: not sent)
 */
public interface ResourceService<V, R> {

    /** Everything the caller may see, oldest first. */
    List<V> list(RequestContext ctx);

    V create(RequestContext ctx, R request);

    /** Neutron's bulk create: all of them, or (on the first refusal) none. */
    List<V> createAll(RequestContext ctx, List<R> requests);

    /** @throws NeutronException 404 when there is none the caller may see */
    V get(RequestContext ctx, String id);

    V update(RequestContext ctx, String id, R changes);

    void delete(RequestContext ctx, String id);
}
