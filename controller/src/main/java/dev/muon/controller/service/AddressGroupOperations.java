package dev.muon.controller.service;

import dev.muon.controller.store.Transaction.Result;
import dev.muon.northbound.AddressGroupRequest;
import dev.muon.northbound.NeutronException;
import dev.muon.northbound.RequestContext;
import dev.muon.pipeline.model.AddressGroup;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.RbacPolicy;
import dev.muon.pipeline.model.ResourceKind;
import dev.muon.pipeline.model.SecurityGroupRule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Address groups as Neutron's address_group_db: a create's addresses must be CIDRs (host bits
 * allowed, normalized away: {@code 192.168.0.10/24} is {@code 192.168.0.0/24}); add_addresses and
 * remove_addresses also take a bare address as its host prefix, refuse an address already there
 * (400) or not there (404), and change all or nothing; a group a rule names cannot be deleted (409).
 * Visible to its project and to those an access_as_shared policy shares it with (rbac-address-group),
 * changed by its project only.
 */
final class AddressGroupOperations implements ResourceOperations<AddressGroup, AddressGroupRequest> {
    static final ResourceRules<AddressGroup> RULES = new ResourceRules<>(ResourceKind.ADDRESS_GROUP, "address_group",
            AddressGroupOperations::notFound,
            (ctx, m, g) -> ctx.owns(g.projectId())
                    || Policies.sharedWith(m, RbacPolicy.ADDRESS_GROUP, g.id(), false, ctx.projectId()),
            (ctx, m, g) -> ctx.owns(g.projectId()),
            AddressGroup::createdAt, AddressGroup::revisionNumber);

    private final ServiceConfig config;
    private final Clock clock;

    AddressGroupOperations(ServiceConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    static NeutronException notFound(String id) {
        return NeutronException.notFound("AddressGroupNotFound", "Address group " + id + " could not be found.");
    }

    @Override
    public Result<AddressGroup> create(NetworkModel model, RequestContext ctx, AddressGroupRequest r) {
        List<String> addresses = r.addresses() == null ? List.of() : createAddresses(r.addresses());
        String projectId = Policies.owner(ctx, r.projectId(), "address_group", config);
        Instant now = clock.instant();
        AddressGroup group = new AddressGroup(UUID.randomUUID().toString(), NetworkOperations.orEmpty(r.name()),
                NetworkOperations.orEmpty(r.description()), projectId, addresses, now, now, 0);
        return Result.of(model.with(ResourceKind.ADDRESS_GROUP, group), group);
    }

    @Override
    public Result<AddressGroup> update(NetworkModel model, RequestContext ctx, AddressGroup g, AddressGroupRequest r) {
        AddressGroup updated = new AddressGroup(g.id(), r.name() == null ? g.name() : r.name(),
                r.description() == null ? g.description() : r.description(), g.projectId(), g.addresses(),
                g.createdAt(), g.updatedAt(), g.revisionNumber());
        if (updated.equals(g)) {
            return Result.of(model, g);
        }
        AddressGroup revised = updated.revised(clock.instant());
        return Result.of(model.with(ResourceKind.ADDRESS_GROUP, revised), revised);
    }

    @Override
    public Result<Void> delete(NetworkModel model, RequestContext ctx, AddressGroup g) {
        for (SecurityGroupRule rule : model.all(ResourceKind.SECURITY_GROUP_RULE).values()) {
            if (g.id().equals(rule.remoteAddressGroupId())) {
                throw NeutronException.conflict("AddressGroupInUse", "Address group " + g.id()
                        + " is in use on one or more security group rules.");
            }
        }
        return Result.of(SharedObjects.withoutPoliciesOn(model, RbacPolicy.ADDRESS_GROUP, g.id())
                .without(ResourceKind.ADDRESS_GROUP, g.id()), null);
    }

    /** add_addresses: none of them may be in the group already. */
    Result<AddressGroup> addAddresses(NetworkModel model, AddressGroup g, List<String> requested) {
        Set<String> wanted = actionAddresses(requested);
        List<String> present = wanted.stream().filter(g.addresses()::contains).toList();
        if (!present.isEmpty()) {
            throw ServiceErrors.invalid("AddressesAlreadyExist", "Addresses " + pythonList(present)
                    + " already exist in the address group " + g.id() + ".");
        }
        List<String> addresses = new ArrayList<>(g.addresses());
        addresses.addAll(wanted);
        return changed(model, g, addresses);
    }

    /** remove_addresses: each of them must be in the group. */
    Result<AddressGroup> removeAddresses(NetworkModel model, AddressGroup g, List<String> requested) {
        Set<String> unwanted = actionAddresses(requested);
        List<String> missing = unwanted.stream().filter(a -> !g.addresses().contains(a)).toList();
        if (!missing.isEmpty()) {
            throw NeutronException.notFound("AddressesNotFound", "Addresses " + pythonList(missing)
                    + " not found in the address group " + g.id() + ".");
        }
        List<String> addresses = new ArrayList<>(g.addresses());
        addresses.removeAll(unwanted);
        return changed(model, g, addresses);
    }

    private Result<AddressGroup> changed(NetworkModel model, AddressGroup g, List<String> addresses) {
        AddressGroup revised = new AddressGroup(g.id(), g.name(), g.description(), g.projectId(), addresses,
                g.createdAt(), g.updatedAt(), g.revisionNumber()).revised(clock.instant());
        return Result.of(model.with(ResourceKind.ADDRESS_GROUP, revised), revised);
    }

    /**
     * Neutron's subnet_list validation of a create's addresses: no duplicates, each a CIDR with its
     * prefix length (an IPv4 CIDR written as Neutron would print it back), then normalized.
     */
    private static List<String> createAddresses(List<String> given) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> duplicates = given.stream().filter(a -> !seen.add(a)).distinct().toList();
        if (!duplicates.isEmpty()) {
            throw ServiceErrors.invalidAttribute("addresses", "Duplicate items in the list: '"
                    + String.join(", ", duplicates) + "'");
        }
        List<String> out = new ArrayList<>();
        for (String a : given) {
            if (IpAddresses.isAddress(a)) {
                throw ServiceErrors.invalidAttribute("addresses", "'" + a + "' isn't a recognized IP subnet cidr, '"
                        + a + "/" + IpAddresses.bits(IpAddresses.version(IpAddresses.parse(a))) + "' is recommended");
            }
            try {
                out.add(Cidr.parseLoose(a).toString());
            } catch (IllegalArgumentException e) {
                throw ServiceErrors.invalidAttribute("addresses", "'" + a + "' is not a valid IP subnet");
            }
        }
        return out;
    }

    /** An action's addresses: CIDRs or bare addresses (a host prefix), normalized, each once. */
    private static Set<String> actionAddresses(List<String> given) {
        Set<String> out = new LinkedHashSet<>();
        for (String a : given) {
            String text = a.contains("/") || !IpAddresses.isAddress(a) ? a
                    : a + "/" + IpAddresses.bits(IpAddresses.version(IpAddresses.parse(a)));
            try {
                out.add(Cidr.parseLoose(text).toString());
            } catch (IllegalArgumentException e) {
                throw ServiceErrors.invalidAttribute("addresses", "'" + a + "' is not a valid IP subnet");
            }
        }
        return out;
    }

    /** As Neutron's messages print a list: ['10.0.0.0/24', '10.1.0.0/24']. */
    private static String pythonList(List<String> items) {
        return "['" + String.join("', '", items) + "']";
    }
}
