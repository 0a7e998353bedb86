package dev.muon.controller.l3;

import dev.muon.controller.reconcile.PushedState;
import dev.muon.ofdriver.OpenFlowPorts;
import dev.muon.ofdriver.OpenFlowSwitch;
import dev.muon.ofdriver.PacketIn;
import dev.muon.pipeline.compile.Bridges;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.ExternalAddress;
import dev.muon.pipeline.flow.Action;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.onlab.packet.ARP;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ARP on external networks that flows cannot do (l3-notes gotcha 7): the upstream router's MAC
 * is resolved by the controller itself — an ARP request from an address a node serves there, out
 * of that node, the reply caught by packet-in — and refreshed, a changed MAC followed at once
 * (the nodes recompile); never configured. And when an address arrives on a node (a floating IP
 * associated or its VM moved, a router's SNAT placed or failed over), a gratuitous ARP from that
 * node tells the external network where it now lives.
 */
public final class ExternalArp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalArp.class);

    private final BiFunction<String, String, Optional<OpenFlowSwitch>> switches;
    private final Runnable changed;
    private final long refreshSeconds;
    /** external subnet id → the upstream router's MAC. */
    private final Map<String, String> upstream = new ConcurrentHashMap<>();
    /** hostname → what it serves, as of the last pass. */
    private volatile Map<String, List<ExternalAddress>> served = Map.of();
    /** hostname → what it was last announced for (gratuitous ARP sent). */
    private final Map<String, Set<ExternalAddress>> announced = new ConcurrentHashMap<>();
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "external-arp");
        t.setDaemon(true);
        return t;
    });
    private long ticks;

    /**
     * @param switches (hostname, bridge) → its connected OpenFlow switch
     * @param changed  asks for a reconciliation pass (an upstream MAC was learnt or changed)
     */
    public ExternalArp(BiFunction<String, String, Optional<OpenFlowSwitch>> switches, Runnable changed,
                       long refreshSeconds) {
        this.switches = switches;
        this.changed = changed;
        this.refreshSeconds = Math.max(1, refreshSeconds);
    }

    public void start() {
        exec.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** external subnet id → upstream MAC, for the compiler. */
    public Map<String, String> upstreamMacs() {
        return Map.copyOf(upstream);
    }

    /**
     * After a pass: what each node now serves. An address new on a node whose br-int holds its
     * flows is announced; an unresolved upstream is asked for at once.
     */
    public void served(Map<String, DesiredState> desired, Map<String, PushedState> pushed) {
        Map<String, List<ExternalAddress>> now = new ConcurrentHashMap<>();
        desired.forEach((host, d) -> now.put(host, d.externalAddresses()));
        served = now;
        announced.keySet().retainAll(now.keySet());
        now.forEach((host, addresses) -> {
            PushedState p = pushed.get(host);
            if (p == null || !p.syncedBridges().contains(Bridges.INTEGRATION)) {
                return;
            }
            Set<ExternalAddress> before = announced.getOrDefault(host, Set.of());
            Set<ExternalAddress> fresh = new HashSet<>(addresses);
            fresh.removeAll(before);
            announced.put(host, Set.copyOf(addresses));
            if (!fresh.isEmpty()) {
                exec.execute(() -> fresh.forEach(a -> announce(host, a)));
                exec.schedule(() -> fresh.forEach(a -> announce(host, a)), 1, TimeUnit.SECONDS);
            }
        });
        if (now.values().stream().flatMap(List::stream).anyMatch(a -> a.upstreamIp() != null
                && !upstream.containsKey(a.subnetId()))) {
            exec.execute(() -> ask(false));
        }
    }

    /** An ARP reply to an address a node serves (br-int table 0): the upstream's MAC if it is from there. */
    public boolean packetIn(OpenFlowSwitch sw, PacketIn packetIn) {
        // most table-0 packet-ins are DHCP: a look at the EtherType (ARP, or a VLAN tag before it) before any parsing
        byte[] f = packetIn.data();
        int type = f.length < 14 ? 0 : (f[12] & 0xff) << 8 | f[13] & 0xff;
        if (packetIn.tableId() != 0 || type != Ethernet.TYPE_ARP && type != (Ethernet.TYPE_VLAN & 0xffff)
                && type != (Ethernet.TYPE_QINQ & 0xffff)) {
            return false;
        }
        Ethernet eth;
        try {
            eth = Ethernet.deserializer().deserialize(packetIn.data(), 0, packetIn.data().length);
        } catch (DeserializationException | RuntimeException e) {
            return false;
        }
        if (eth.getEtherType() != Ethernet.TYPE_ARP || !(eth.getPayload() instanceof ARP arp)) {
            return false;
        }
        if (arp.getOpCode() != ARP.OP_REPLY) {
            return true;
        }
        String from = Ip4Address.valueOf(arp.getSenderProtocolAddress()).toString();
        String mac = MacAddress.valueOf(arp.getSenderHardwareAddress()).toString().toLowerCase();
        for (List<ExternalAddress> addresses : served.values()) {
            for (ExternalAddress a : addresses) {
                if (from.equals(a.upstreamIp())) {
                    String before = upstream.put(a.subnetId(), mac);
                    if (!mac.equals(before)) {
                        LOG.info("upstream router {} of external subnet {} is at {}{}", from, a.subnetId(), mac,
                                before == null ? "" : " (was " + before + ")");
                        changed.run();
                    }
                    return true;
                }
            }
        }
        return true;
    }

    private void tick() {
        try {
            ticks++;
            ask(ticks % refreshSeconds != 0);
        } catch (RuntimeException e) {
            LOG.warn("external ARP: {}", e.toString());
        }
    }

    /** Asks every upstream (only the unresolved ones when {@code unresolvedOnly}), from one served address of each node. */
    private void ask(boolean unresolvedOnly) {
        served.forEach((host, addresses) -> {
            Set<String> asked = new HashSet<>();
            for (ExternalAddress a : addresses) {
                if (a.upstreamIp() == null || (unresolvedOnly && upstream.containsKey(a.subnetId()))
                        || !asked.add(a.subnetId())) {
                    continue;
                }
                send(host, a, frame(a, ARP.OP_REQUEST, MacAddress.BROADCAST, a.upstreamIp()));
            }
        });
    }

    private void announce(String host, ExternalAddress a) {
        send(host, a, frame(a, ARP.OP_REQUEST, MacAddress.BROADCAST, a.ip()));
    }

    private void send(String host, ExternalAddress a, byte[] frame) {
        switches.apply(host, Bridges.INTEGRATION).filter(OpenFlowSwitch::isConnected).ifPresent(sw ->
                sw.packetOut(OpenFlowPorts.CONTROLLER, List.of(Action.output(a.integrationPort())), frame));
    }

    /** An ARP frame from {@code a} (its MAC and address) on the external network's local VLAN, as br-int sends it to the patch. */
    static byte[] frame(ExternalAddress a, short op, MacAddress dst, String targetIp) {
        MacAddress mac = MacAddress.valueOf(a.mac());
        ARP arp = new ARP();
        arp.setHardwareType(ARP.HW_TYPE_ETHERNET).setProtocolType(ARP.PROTO_TYPE_IP)
                .setHardwareAddressLength((byte) 6).setProtocolAddressLength((byte) 4).setOpCode(op)
                .setSenderHardwareAddress(mac.toBytes())
                .setSenderProtocolAddress(Ip4Address.valueOf(a.ip()).toOctets())
                .setTargetHardwareAddress(new byte[6])
                .setTargetProtocolAddress(Ip4Address.valueOf(targetIp).toOctets());
        Ethernet eth = new Ethernet();
        eth.setDestinationMACAddress(dst).setSourceMACAddress(mac).setEtherType(Ethernet.TYPE_ARP);
        eth.setVlanID((short) a.localVlan());
        eth.setPayload(arp);
        return eth.serialize();
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
