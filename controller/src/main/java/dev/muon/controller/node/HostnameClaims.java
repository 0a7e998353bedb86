package dev.muon.controller.node;

import dev.muon.ovsdb.OvsdbNode;
import dev.muon.pipeline.node.NodeConfig;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.WarningThrottle;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which OVSDB connection is a hostname, and which one's tunnel endpoint an encap IP is: the
 * first live connection to claim either keeps it for as long as it stays connected and claims
 * it. A later connection claiming a held hostname is no node at all (nothing compiled from its
 * rows, nothing pushed to it, and above all nothing pushed to the holder from them); one
 * claiming another node's encap IP is a node without a tunnel endpoint (no other node builds
 * a VXLAN port to it). When the holder disconnects or stops claiming, the claimant takes over
 * at the next listing; but an encap IP goes back to the hostname that last held it when that
 * host reconnects, so a node cannot take another's tunnel endpoint by waiting for its OVSDB
 * reconnect.
 *
 * <p>A legitimate reconnect (ovsdb-server restarted) closes the old TCP connection, so the
 * new one takes over at once. If the old connection is half-open (the node's host crashed),
 * the new one waits until the echo timeout drops the old (OvsdbChannelInitializer's
 * DEAD_AFTER_SECONDS, 20 s), then takes over.
 *
 * <p>A connection with a certificate for its hostname wins over a plain one (TLS with
 * {@code ssl.allow_plain}): a plain holder yields the hostname, or encap IP, to it.
 *
 * <p>Connections first listed together (a controller restart) are ordered by first sight,
 * then by connection id, so the choice is stable from one listing to the next.
 */
public final class HostnameClaims {
    private static final Logger LOG = LoggerFactory.getLogger(HostnameClaims.class);

    private final Map<String, OvsdbNode> hostnames = new HashMap<>();
    private final Map<String, OvsdbNode> encapIps = new HashMap<>();
    /** Which hostname last held each encap IP, oldest note first (see {@link #remember}). */
    private final Map<String, String> lastHolders = new LinkedHashMap<>();
    /** When each listed connection was first seen, to order claims. */
    private final Map<OvsdbNode, Long> firstSeen = new IdentityHashMap<>();
    /** A holder's state without its refused encap IP, kept while its state is the same object. */
    private final Map<OvsdbNode, NodeState[]> withoutTunnel = new IdentityHashMap<>();
    /** Claims refused and already reported, so each is said once. */
    private final Map<OvsdbNode, String> reportedHostnames = new IdentityHashMap<>();
    private final Map<OvsdbNode, String> reportedEncapIps = new IdentityHashMap<>();
    private final WarningThrottle warnings = new WarningThrottle(10, TimeUnit.SECONDS);
    private long sightings;
    private final Predicate<OvsdbNode> certified;

    /** @param certified whether a connection holds a certificate for its hostname: it wins over a plain claimant */
    public HostnameClaims(Predicate<OvsdbNode> certified) {
        this.certified = certified;
    }

    /** Plain TCP only: no connection is certified. */
    public HostnameClaims() {
        this(n -> false);
    }

    /** The nodes the connected ones are, by hostname: holders only, with refused tunnel endpoints removed. */
    public synchronized Map<String, NodeState> nodeStates(Collection<OvsdbNode> connected) {
        Map<String, NodeState> out = new TreeMap<>();
        for (Map.Entry<OvsdbNode, NodeState> e : settle(connected).entrySet()) {
            NodeState s = usable(e.getKey(), e.getValue());
            out.put(s.hostname(), s);
        }
        return out;
    }

    /** The connection that is {@code hostname}, if it is connected and holds it. */
    public synchronized Optional<OvsdbNode> holderOf(String hostname, Collection<OvsdbNode> connected) {
        OvsdbNode holder = hostnames.get(hostname);
        if (holder != null && holder.isConnected() && hostname.equals(hostnameOf(holder))) {
            return Optional.of(holder);   // asked once per node per pass: no need to settle every claim again
        }
        settle(connected);
        return Optional.ofNullable(hostnames.get(hostname));
    }

    /** Decides every claim on one reading of each connection's state; returns the hostname holders'. */
    private Map<OvsdbNode, NodeState> settle(Collection<OvsdbNode> connected) {
        Map<OvsdbNode, NodeState> claims = new IdentityHashMap<>();
        for (OvsdbNode n : connected) {
            NodeState s = n.state();
            if (s != null && s.config() != null) {
                claims.put(n, s);
            }
        }
        Set<OvsdbNode> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(connected);
        firstSeen.keySet().retainAll(live);
        withoutTunnel.keySet().retainAll(live);
        reportedHostnames.keySet().retainAll(live);
        reportedEncapIps.keySet().retainAll(live);
        for (OvsdbNode n : connected) {
            firstSeen.computeIfAbsent(n, x -> sightings++);
        }
        List<OvsdbNode> ordered = new ArrayList<>(claims.keySet());
        ordered.sort(Comparator.<OvsdbNode, Boolean>comparing(n -> !certified.test(n))
                .thenComparingLong(firstSeen::get).thenComparing(OvsdbNode::connectionId));

        hostnames.entrySet().removeIf(e -> !claims.containsKey(e.getValue())
                || !e.getKey().equals(claims.get(e.getValue()).hostname()));
        Map<OvsdbNode, NodeState> holders = new LinkedHashMap<>();
        for (OvsdbNode n : ordered) {
            String host = claims.get(n).hostname();
            OvsdbNode holder = hostnames.get(host);
            if (holder == null || (certified.test(n) && !certified.test(holder))) {
                hostnames.put(host, n);   // certified claimants come first: a plain holder yields to one
                holder = n;
            }
            if (holder == n) {
                holders.put(n, claims.get(n));
                reportedHostnames.remove(n);
            } else {
                refused(n, "hostname " + host, holder, reportedHostnames);
            }
        }

        encapIps.entrySet().removeIf(e -> !holders.containsKey(e.getValue())
                || !e.getKey().equals(holders.get(e.getValue()).config().encapIp()));
        for (Map.Entry<OvsdbNode, NodeState> e : holders.entrySet()) {
            String ip = e.getValue().config().encapIp();
            if (ip != null) {
                OvsdbNode holder = encapIps.get(ip);
                if (holder == null || outranks(e.getKey(), holder, ip)) {
                    encapIps.put(ip, e.getKey());
                }
            }
        }
        for (Map.Entry<OvsdbNode, NodeState> e : holders.entrySet()) {
            OvsdbNode n = e.getKey();
            String ip = e.getValue().config().encapIp();
            if (ip != null && encapIps.get(ip) != n) {
                refused(n, "encap IP " + ip, encapIps.get(ip), reportedEncapIps);
            } else {
                reportedEncapIps.remove(n);
            }
        }
        remember(holders);
        return holders;
    }

    /**
     * Whether {@code n} takes {@code ip} from its current holder: a certified claimant from a
     * plain one; otherwise the hostname that last held the IP, back from an OVSDB reconnect,
     * from whoever took it while it was away.
     */
    private boolean outranks(OvsdbNode n, OvsdbNode holder, String ip) {
        if (certified.test(n) != certified.test(holder)) {
            return certified.test(n);
        }
        String last = lastHolders.get(ip);
        return last != null && last.equals(hostnameOf(n)) && !last.equals(hostnameOf(holder));
    }

    /**
     * Notes which hostname holds each encap IP. A hostname keeps its note while it is away, so
     * nobody becomes the IP's last holder in between; it loses it when it claims another IP, or
     * when the notes outgrow twice the holders (oldest notes of absent hostnames first).
     */
    private void remember(Map<OvsdbNode, NodeState> holders) {
        Map<String, String> claimedBy = new HashMap<>();   // hostname -> the IP it claims now
        for (NodeState s : holders.values()) {
            claimedBy.put(s.hostname(), s.config().encapIp());
        }
        lastHolders.entrySet().removeIf(e -> claimedBy.containsKey(e.getValue())
                && !e.getKey().equals(claimedBy.get(e.getValue())));
        for (Map.Entry<String, OvsdbNode> e : encapIps.entrySet()) {
            String host = hostnameOf(e.getValue());
            lastHolders.putIfAbsent(e.getKey(), host);   // an away hostname's note stays its own
        }
        int cap = 2 * holders.size() + 16;
        Iterator<Map.Entry<String, String>> it = lastHolders.entrySet().iterator();
        while (lastHolders.size() > cap && it.hasNext()) {
            if (!claimedBy.containsKey(it.next().getValue())) {
                it.remove();
            }
        }
    }

    /** A holder's state as the controller uses it: without an encap IP another node holds. */
    private NodeState usable(OvsdbNode n, NodeState s) {
        String ip = s.config().encapIp();
        if (ip == null || encapIps.get(ip) == n) {
            withoutTunnel.remove(n);
            return s;
        }
        NodeState[] cached = withoutTunnel.get(n);
        if (cached != null && cached[0] == s) {
            return cached[1];   // the same object each time, so per-state indexes (VifPorts) stay warm
        }
        NodeConfig c = s.config();
        NodeState stripped = new NodeState(s.connectionId(), new NodeConfig(c.hostname(), null, c.role(),
                c.bridgeMappings(), c.datapathType(), c.openflowTarget(), c.availabilityZone()), s.bridges(), s.interfaces());
        withoutTunnel.put(n, new NodeState[] {s, stripped});
        return stripped;
    }

    private void refused(OvsdbNode claimant, String what, OvsdbNode holder, Map<OvsdbNode, String> reported) {
        String key = what + " held by " + holder.connectionId();
        if (key.equals(reported.put(claimant, key))) {
            return;
        }
        long suppressed = warnings.admit();
        if (suppressed >= 0) {
            LOG.warn("OVSDB peer {} claims {}, which {} holds: ignored while the holder is connected{}",
                    claimant.connectionId(), what, holder.connectionId(), WarningThrottle.suppressedNote(suppressed));
        }
    }

    private static String hostnameOf(OvsdbNode n) {
        NodeState s = n.state();
        return s == null ? null : s.hostname();
    }

    /** For tests: the connections whose claims are refused now, by connection id. */
    synchronized Set<String> refusedClaimants() {
        return Stream.concat(reportedHostnames.keySet().stream(), reportedEncapIps.keySet().stream())
                .map(OvsdbNode::connectionId).collect(Collectors.toSet());
    }
}
