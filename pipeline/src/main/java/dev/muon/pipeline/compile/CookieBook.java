package dev.muon.pipeline.compile;

import dev.muon.pipeline.flow.Cookies;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hands out cookies while compiling and remembers which logical object each names. */
final class CookieBook {
    private final Map<Long, String> owners = new LinkedHashMap<>();

    long pipeline() {
        return record(Cookies.Kind.PIPELINE, "pipeline", "pipeline (static tables)");
    }

    long network(String id, String name) {
        return record(Cookies.Kind.NETWORK, id, "network " + id + label(name));
    }

    long port(String id, String name) {
        return record(Cookies.Kind.PORT, id, "port " + id + label(name));
    }

    long router(String id, String name) {
        return record(Cookies.Kind.ROUTER, id, "router " + id + label(name));
    }

    long floatingIp(String id, String address) {
        return record(Cookies.Kind.FLOATING_IP, id, "floating IP " + id + label(address));
    }

    long securityGroup(String id, String name) {
        return record(Cookies.Kind.SECURITY_GROUP, id, "security group " + id + label(name));
    }

    long securityGroupRule(String id, String summary) {
        return record(Cookies.Kind.SECURITY_GROUP_RULE, id, "security group rule " + id + label(summary));
    }

    long node(String hostname) {
        return record(Cookies.Kind.NODE, hostname, "node " + hostname);
    }

    Map<Long, String> owners() {
        return owners;
    }

    private long record(Cookies.Kind kind, String id, String description) {
        long c = Cookies.of(kind, id);
        owners.putIfAbsent(c, description);
        return c;
    }

    private static String label(String name) {
        return name == null || name.isEmpty() ? "" : " (" + name + ")";
    }
}
