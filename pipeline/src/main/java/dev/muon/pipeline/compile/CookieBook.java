package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.Cookies;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hands out cookies while compiling and remembers which logical object each names. */
final class CookieBook {
    private final Map<Long, String> owners = new LinkedHashMap<>();
    /** Per kind, object id → cookie: a port's cookie is asked for by several modules per compile. */
    private final Map<Cookies.Kind, Map<String, Long>> handedOut = new EnumMap<>(Cookies.Kind.class);

    long pipeline() {
        return recordAs(Cookies.Kind.PIPELINE, "pipeline", "pipeline (static tables)");
    }

    long network(String id, String name) {
        return record(Cookies.Kind.NETWORK, id, "network ", name);
    }

    long port(String id, String name) {
        return record(Cookies.Kind.PORT, id, "port ", name);
    }

    long router(String id, String name) {
        return record(Cookies.Kind.ROUTER, id, "router ", name);
    }

    long floatingIp(String id, String address) {
        return record(Cookies.Kind.FLOATING_IP, id, "floating IP ", address);
    }

    long securityGroup(String id, String name) {
        return record(Cookies.Kind.SECURITY_GROUP, id, "security group ", name);
    }

    long securityGroupRule(String id, String summary) {
        return record(Cookies.Kind.SECURITY_GROUP_RULE, id, "security group rule ", summary);
    }

    long addressGroup(String id, String name) {
        return record(Cookies.Kind.ADDRESS_GROUP, id, "address group ", name);
    }

    long node(String hostname) {
        return recordAs(Cookies.Kind.NODE, hostname, "node " + hostname);
    }

    /** Records owners another compile described (a reused fragment's), as if handed out here. */
    void recordAll(Map<Long, String> described) {
        described.forEach(owners::putIfAbsent);
    }

    Map<Long, String> owners() {
        return owners;
    }

    /** The cookie of (kind, id), its owner described as {@code what} + id + " (name)" on first use. */
    private long record(Cookies.Kind kind, String id, String what, String name) {
        Map<String, Long> ids = handedOut.computeIfAbsent(kind, k -> new HashMap<>());
        Long known = ids.get(id);
        if (known != null) {
            return known;
        }
        long c = Cookies.of(kind, id);
        ids.put(id, c);
        owners.putIfAbsent(c, what + id + label(name));
        return c;
    }

    private long recordAs(Cookies.Kind kind, String id, String description) {
        long c = Cookies.of(kind, id);
        owners.putIfAbsent(c, description);
        return c;
    }

    private static String label(String name) {
        return name == null || name.isEmpty() ? "" : " (" + name + ")";
    }
}
