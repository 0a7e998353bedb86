package dev.muon.pipeline.model;

import java.util.List;
import java.util.function.Function;

/**
 * A kind of Neutron resource the model holds: its collection name (as in the REST path),
 * its record type and how to read its id. Persistence and generic code iterate
 * {@link #ALL}; a new resource kind is one constant here plus its record.
 */
public record ResourceKind<T>(String collection, Class<T> type, Function<T, String> idOf) {
    public static final ResourceKind<Network> NETWORK = new ResourceKind<>("networks", Network.class, Network::id);
    public static final ResourceKind<Subnet> SUBNET = new ResourceKind<>("subnets", Subnet.class, Subnet::id);
    public static final ResourceKind<Port> PORT = new ResourceKind<>("ports", Port.class, Port::id);

    /** Every kind, in dependency order (a resource refers only to kinds before it). */
    public static final List<ResourceKind<?>> ALL = List.of(NETWORK, SUBNET, PORT);

    public String id(Object resource) {
        return idOf.apply(type.cast(resource));
    }

    @Override
    public String toString() {
        return collection;
    }
}
