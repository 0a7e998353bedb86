package dev.muon.controller.service;

import dev.muon.controller.store.ModelStore;
import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.northbound.TagService;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Tagged;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Neutron's tag API over every resource with standard attributes. Tags are part of the
 * resource: changing them is one write that bumps its revision. Who may see a resource may
 * read its tags; who may change it may change them.
 */
final class TagOperations implements TagService {
    private final ModelStore store;
    private final Clock clock;
    private final Map<String, ResourceRules<? extends Tagged<?>>> kinds = new LinkedHashMap<>();

    TagOperations(ModelStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        for (ResourceRules<? extends Tagged<?>> rules : List.<ResourceRules<? extends Tagged<?>>>of(
                Policies.NETWORKS, Policies.SUBNETS, Policies.SUBNET_POOLS, Policies.PORTS, Policies.ROUTERS,
                Policies.FLOATING_IPS, Policies.SECURITY_GROUPS, Policies.TRUNKS)) {
            kinds.put(rules.kind().collection(), rules);
        }
    }

    @Override
    public List<String> tags(RequestContext ctx, String collection, String id) {
        return find(store.snapshot(), ctx, collection, id).tags();
    }

    @Override
    public void checkTag(RequestContext ctx, String collection, String id, String tag) {
        if (!tags(ctx, collection, id).contains(tag)) {
            throw ServiceErrors.tagNotFound(tag);
        }
    }

    @Override
    public List<String> replaceTags(RequestContext ctx, String collection, String id, List<String> tags) {
        return change(ctx, collection, id, current -> tags);
    }

    @Override
    public void addTags(RequestContext ctx, String collection, String id, List<String> tags) {
        change(ctx, collection, id, current -> {
            TreeSet<String> all = new TreeSet<>(current);
            all.addAll(tags);
            return all;
        });
    }

    @Override
    public void removeTag(RequestContext ctx, String collection, String id, String tag) {
        change(ctx, collection, id, current -> {
            if (!current.contains(tag)) {
                throw ServiceErrors.tagNotFound(tag);
            }
            List<String> rest = new ArrayList<>(current);
            rest.remove(tag);
            return rest;
        });
    }

    @Override
    public void removeAllTags(RequestContext ctx, String collection, String id) {
        change(ctx, collection, id, current -> List.of());
    }

    private List<String> change(RequestContext ctx, String collection, String id,
                                Function<List<String>, Collection<String>> newTags) {
        return ModelWrites.write(store, m -> {
            ResourceRules<? extends Tagged<?>> rules = rules(collection, id);
            Tagged<?> resource = find(m, ctx, collection, id);
            if (!allows(rules, ctx, m, resource)) {
                throw NeutronException.policy("update_" + collection.replace('-', '_') + "_tags");
            }
            List<String> tags = Tagged.canonical(newTags.apply(resource.tags()));
            if (tags.size() > 50) {
                throw NeutronException.badResourceRequest(collection, "The number of tags exceed the per-resource "
                        + "limit of 50");
            }
            if (tags.equals(resource.tags())) {
                return Result.unchanged(m, tags);
            }
            return Result.of(with(m, rules, resource.withTags(tags, clock.instant())), tags);
        });
    }

    private Tagged<?> find(NetworkModel m, RequestContext ctx, String collection, String id) {
        ResourceRules<? extends Tagged<?>> rules = rules(collection, id);
        try {
            return rules.find(m, ctx, id);
        } catch (NeutronException e) {
            throw ServiceErrors.tagResourceNotFound(collection, id);
        }
    }

    private ResourceRules<? extends Tagged<?>> rules(String collection, String id) {
        ResourceRules<? extends Tagged<?>> rules = kinds.get(collection);
        if (rules == null) {
            throw ServiceErrors.tagResourceNotFound(collection, id);
        }
        return rules;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Tagged<?>> boolean allows(ResourceRules<T> rules, RequestContext ctx, NetworkModel m,
                                                       Object resource) {
        return rules.changeable().allows(ctx, m, (T) resource);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Tagged<?>> NetworkModel with(NetworkModel m, ResourceRules<T> rules, Object resource) {
        return m.with(rules.kind(), (T) resource);
    }
}
