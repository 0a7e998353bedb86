package dev.muon.controller.reconcile;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.flow.Cookies;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.node.NodeState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each connected node's compiled flows of a logical object are: the bridges holding a
 * flow with its cookie. A status that says "its flows are on the node" checks those bridges
 * against what the last pass synced.
 */
final class CookieBridges {
    private final Map<String, Map<Long, Set<String>>> byHost = new HashMap<>();
    /**
     * Each node's index, built once per desired state: statuses ask every pass, and a node the
     * incremental compiler kept has the very same desired state as before.
     */
    private static final Map<String, Indexed> INDEXED = new ConcurrentHashMap<>();

    private record Indexed(DesiredState state, Map<Long, Set<String>> bridgesByCookie) {
    }

    /** @param compiled the desired state last compiled for each node; a node without one holds nothing known */
    CookieBridges(Map<String, NodeState> nodes, Map<String, DesiredState> compiled) {
        for (String host : nodes.keySet()) {
            DesiredState d = compiled.get(host);
            if (d != null) {
                Indexed known = INDEXED.get(host);
                if (known == null || known.state() != d) {
                    known = new Indexed(d, bridgesByCookie(d));
                    INDEXED.put(host, known);
                }
                byHost.put(host, known.bridgesByCookie());
            }
        }
    }

    /** Whether {@code host}'s desired state has been compiled (else nothing is known of its flows). */
    boolean compiled(String host) {
        return byHost.containsKey(host);
    }

    /**
     * The bridges of {@code host} whose compiled flows carry {@code cookie} (a router's or a floating
     * IP's); none if not compiled.
     */
    Set<String> on(String host, long cookie) {
        return byHost.getOrDefault(host, Map.of()).getOrDefault(cookie, Set.of());
    }

    /** Whether the last pass got exactly its flows onto every one of {@code bridges}. */
    static boolean synced(Set<String> bridges, PushedState pushed) {
        return pushed != null && pushed.syncedBridges().containsAll(bridges);
    }

    /** Only routers' and floating IPs' cookies: the statuses ask for nothing else. */
    private static Map<Long, Set<String>> bridgesByCookie(DesiredState d) {
        Map<Long, Set<String>> out = new HashMap<>();
        d.flows().forEach((bridge, flows) -> {
            for (Flow f : flows) {
                long c = f.cookie();
                if (Cookies.isKind(c, Cookies.Kind.ROUTER) || Cookies.isKind(c, Cookies.Kind.FLOATING_IP)) {
                    out.computeIfAbsent(c, k -> new HashSet<>()).add(bridge);
                }
            }
        });
        return out;
    }
}
