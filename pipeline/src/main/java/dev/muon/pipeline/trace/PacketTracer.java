package dev.muon.pipeline.trace;

import dev.muon.pipeline.compile.BridgeSpec;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PortSpec;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowDump;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a packet through the flows Muon computed for a node, the way ofproto/trace runs it
 * through a switch, but over the desired state and in the model's words: every flow it hits
 * is shown with the logical object behind its cookie. It crosses patch ports into the peer
 * bridge, models NORMAL switching from the ports' tags and MACs, and ends where the packet
 * leaves the node: a VIF, a tunnel, a NIC, the controller, or a drop. Pure: no switch is
 * asked anything.
 */
public final class PacketTracer {
    private static final int MAX_DEPTH = 64;

    private final DesiredState desired;
    private final NodeState node;
    private final NetworkModel model;
    private final List<String> lines = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();

    private PacketTracer(DesiredState desired, NodeState node, NetworkModel model) {
        this.desired = desired;
        this.node = node;
        this.model = model;
    }

    /** What a trace found: the steps, and where the packet (or its copies) ended. */
    public record Result(List<String> lines, List<String> outcomes) {
        public String text() {
            StringBuilder sb = new StringBuilder();
            lines.forEach(l -> sb.append(l).append('\n'));
            sb.append("=> ").append(outcomes.isEmpty() ? "dropped" : String.join("\n=> ", outcomes)).append('\n');
            return sb.toString();
        }
    }

    /**
     * Traces {@code packet} entering {@code bridge}. Its in_port may be a number or the name
     * of an interface on that bridge.
     */
    public static Result trace(DesiredState desired, NodeState node, NetworkModel model, String bridge,
                               TracePacket given) {
        PacketTracer t = new PacketTracer(desired, node, model);
        TracePacket packet = given.copy();
        String in = packet.get("in_port");
        if (in == null) {
            throw new IllegalArgumentException("the packet needs an in_port");
        }
        if (!in.chars().allMatch(Character::isDigit)) {
            ObservedInterface i = node.iface(bridge, in)
                    .orElseThrow(() -> new IllegalArgumentException("no interface " + in + " on " + bridge));
            if (!i.hasOfport()) {
                throw new IllegalArgumentException(in + " has no OpenFlow port number yet");
            }
            packet.set("in_port", Integer.toString(i.ofport()));
        }
        t.table(bridge, 0, packet, 0);
        return new Result(List.copyOf(t.lines), List.copyOf(t.outcomes));
    }

    private void table(String bridge, int table, TracePacket p, int depth) {
        String pad = "  ".repeat(depth);
        if (depth > MAX_DEPTH) {
            outcomes.add("loop: gave up after " + MAX_DEPTH + " steps");
            return;
        }
        Optional<Flow> hit = FlowDump.sorted(desired.flows(bridge)).stream()
                .filter(f -> f.table() == table && matches(f.match(), p))
                .findFirst();   // sorted by priority, highest first
        if (hit.isEmpty()) {
            lines.add(pad + bridge + " table " + table + ": no flow matches " + p + " (table miss: drop)");
            outcomes.add("dropped in " + bridge + " table " + table + " (miss)");
            return;
        }
        Flow f = hit.get();
        lines.add(pad + bridge + " " + f.toOfctl() + "   # " + desired.cookieOwners().getOrDefault(f.cookie(), "?"));
        if (f.actions().isEmpty()) {
            outcomes.add("dropped in " + bridge + " table " + table + " by " + owner(f));
            return;
        }
        for (Action a : f.actions()) {
            if (a instanceof Action.GotoTable g) {
                table(bridge, g.table(), p, depth + 1);
                return;
            } else if (a instanceof Action.Output o) {
                output(bridge, o.port(), p.copy(), depth + 1);
            } else if (a instanceof Action.InPort) {
                output(bridge, Integer.parseInt(p.get("in_port")), p.copy(), depth + 1);
            } else if (a instanceof Action.Normal) {
                normal(bridge, p.copy(), depth + 1);
            } else if (a instanceof Action.Controller) {
                outcomes.add("to the controller (packet-in from " + bridge + " table " + table + ", " + owner(f) + ")");
            } else if (a instanceof Action.PushVlan) {
                p.set("dl_vlan", "0");
            } else if (a instanceof Action.PopVlan) {
                p.set("dl_vlan", null);
            } else if (a instanceof Action.SetVlanVid v) {
                p.set("dl_vlan", Integer.toString(v.vid()));
            } else if (a instanceof Action.SetTunnelId t) {
                p.set("tun_id", Long.toString(t.tunId()));
            } else if (a instanceof Action.SetField sf) {
                p.set(key(sf.field()), sf.value());
            } else if (a instanceof Action.Move m) {
                p.set(key(m.dst().field()), p.get(key(m.src().field())));
            }
        }
    }

    private void output(String bridge, int ofport, TracePacket p, int depth) {
        String pad = "  ".repeat(depth);
        Optional<ObservedInterface> iface = node.interfaces().stream()
                .filter(i -> i.bridge().equals(bridge) && Integer.valueOf(ofport).equals(i.ofport()))
                .findFirst();
        if (iface.isEmpty()) {
            outcomes.add("out port " + ofport + " of " + bridge + ", which the node does not report");
            return;
        }
        ObservedInterface i = iface.get();
        Optional<String> peer = peerOf(i);
        if (peer.isPresent()) {
            Optional<ObservedInterface> other = node.interfaces().stream()
                    .filter(x -> x.name().equals(peer.get()) && x.hasOfport()).findFirst();
            if (other.isEmpty()) {
                outcomes.add("out patch port " + i.name() + ", whose peer " + peer.get() + " is not up");
                return;
            }
            lines.add(pad + "-> " + i.name() + " (patch) into " + other.get().bridge() + " as " + other.get().name());
            p.set("in_port", Integer.toString(other.get().ofport()));
            table(other.get().bridge(), 0, p, depth + 1);
        } else if ("vxlan".equals(i.type())) {
            String vni = p.get("tun_id") == null ? "none" : "0x" + Long.toHexString(Long.parseLong(p.get("tun_id")));
            outcomes.add("tunnel " + i.name() + " to " + i.options().getOrDefault("remote_ip", "?")
                    + " with VNI " + vni + ": " + p);
        } else if (i.ifaceId() != null) {
            outcomes.add("VIF " + i.name() + " (port " + i.ifaceId() + "): " + p);
        } else {
            outcomes.add("port " + i.name() + " of " + bridge + ": " + p);
        }
    }

    /** NORMAL: within the packet's VLAN, to the port whose VIF has dl_dst, else flooded. */
    private void normal(String bridge, TracePacket p, int depth) {
        ObservedInterface in = node.interfaces().stream()
                .filter(i -> i.bridge().equals(bridge) && p.get("in_port").equals(String.valueOf(i.ofport())))
                .findFirst().orElse(null);
        Integer inTag = in == null ? null : tag(in);
        String vlan = inTag != null ? inTag.toString() : p.get("dl_vlan");
        List<ObservedInterface> candidates = new ArrayList<>();
        for (ObservedInterface i : node.interfaces()) {
            if (!i.bridge().equals(bridge) || !i.hasOfport() || i == in || i.name().equals(bridge)) {
                continue;
            }
            Integer t = tag(i);
            if (t == null || (vlan != null && t.toString().equals(vlan))) {
                candidates.add(i);
            }
        }
        List<ObservedInterface> known = candidates.stream()
                .filter(i -> tag(i) != null && p.get("dl_dst") != null && p.get("dl_dst").equals(macOf(i)))
                .toList();
        List<ObservedInterface> targets = known.isEmpty() ? candidates : known;
        lines.add("  ".repeat(depth) + "NORMAL on " + bridge + " VLAN " + (vlan == null ? "none" : vlan) + ": "
                + (known.isEmpty() ? "dl_dst not a local VIF here, flood to " : "dl_dst is ")
                + targets.stream().map(ObservedInterface::name).toList());
        for (ObservedInterface t : targets) {
            TracePacket out = p.copy();
            out.set("dl_vlan", tag(t) != null ? null : vlan);
            output(bridge, t.ofport(), out, depth + 1);
        }
    }

    private Integer tag(ObservedInterface i) {
        Integer desiredTag = desired.vifTags().get(i.name());
        if (desiredTag != null) {
            return desiredTag;
        }
        return desired.bridges().stream().flatMap(b -> b.ports().stream())
                .filter(ps -> ps.name().equals(i.name())).map(PortSpec::tag).filter(t -> t != null)
                .findFirst().orElse(i.tag());
    }

    private String macOf(ObservedInterface i) {
        if (i.attachedMac() != null) {
            return i.attachedMac().toLowerCase();
        }
        return i.ifaceId() == null ? null : model.port(i.ifaceId()).map(Port::macAddress).map(String::toLowerCase)
                .orElse(null);
    }

    private Optional<String> peerOf(ObservedInterface i) {
        if (i.options().containsKey("peer")) {
            return Optional.of(i.options().get("peer"));
        }
        for (BridgeSpec b : desired.bridges()) {
            for (PortSpec ps : b.ports()) {
                if (ps.name().equals(i.name()) && "patch".equals(ps.type())) {
                    return Optional.ofNullable(ps.options().get("peer"));
                }
            }
        }
        return Optional.empty();
    }

    private String owner(Flow f) {
        return desired.cookieOwners().getOrDefault(f.cookie(), "cookie 0x" + Long.toHexString(f.cookie()));
    }

    private static String key(dev.muon.pipeline.flow.Field f) {
        return f.matchName();
    }

    static boolean matches(Match m, TracePacket p) {
        return eq(m.inPort(), p.get("in_port"))
                && vlan(m.vlan(), p.get("dl_vlan"))
                && mac(m.ethSrc(), null, p.get("dl_src"))
                && mac(m.ethDst(), m.ethDstMask(), p.get("dl_dst"))
                && eq(m.ethType(), p.get("dl_type"))
                && eq(m.tunId(), p.get("tun_id"))
                && eq(m.arpOp(), p.get("arp_op"))
                && ip(m.arpSpa(), p.get("arp_spa"))
                && ip(m.arpTpa(), p.get("arp_tpa"))
                && eq(m.ipProto(), p.get("nw_proto"))
                && ip(m.ipv4Src(), p.get("nw_src"))
                && ip(m.ipv4Dst(), p.get("nw_dst"))
                && eq(m.udpSrc(), p.get("tp_src"))
                && eq(m.udpDst(), p.get("tp_dst"))
                && eq(m.icmpv6Type(), p.get("icmpv6_type"))
                && (m.ndTarget() == null || m.ndTarget().equalsIgnoreCase(String.valueOf(p.get("nd_target"))));
    }

    private static boolean eq(Number want, String have) {
        return want == null || (have != null && Long.parseLong(have) == want.longValue());
    }

    private static boolean vlan(Integer want, String have) {
        if (want == null) {
            return true;
        }
        return want == Match.VLAN_NONE ? have == null : have != null && Integer.parseInt(have) == want;
    }

    private static boolean mac(String want, String mask, String have) {
        if (want == null) {
            return true;
        }
        if (have == null) {
            return false;
        }
        long w = macBits(want);
        long h = macBits(have);
        long k = mask == null ? 0xffff_ffff_ffffL : macBits(mask);
        return (w & k) == (h & k);
    }

    private static long macBits(String mac) {
        return Long.parseLong(mac.replace(":", ""), 16);
    }

    /** An address or CIDR in a match against the packet's address. */
    private static boolean ip(String want, String have) {
        if (want == null) {
            return true;
        }
        if (have == null) {
            return false;
        }
        int slash = want.indexOf('/');
        int bits = slash < 0 ? 32 : Integer.parseInt(want.substring(slash + 1));
        long mask = bits == 0 ? 0 : (0xffff_ffffL << (32 - bits)) & 0xffff_ffffL;
        return (v4(slash < 0 ? want : want.substring(0, slash)) & mask) == (v4(have) & mask);
    }

    private static long v4(String ip) {
        String[] o = ip.split("\\.");
        if (o.length != 4) {
            return -1;
        }
        long v = 0;
        for (String x : o) {
            v = v << 8 | Integer.parseInt(x);
        }
        return v;
    }
}
