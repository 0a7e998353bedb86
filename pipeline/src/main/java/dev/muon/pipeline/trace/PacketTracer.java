package dev.muon.pipeline.trace;

import dev.muon.pipeline.compile.BridgeSpec;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PortSpec;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowDump;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Nat;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a packet through the flows Muon computed for a node, the way ofproto/trace runs it
 * through a switch, but over the desired state and in the model's words: every flow it hits
 * is shown with the logical object behind its cookie. Pure: no switch is asked anything.
 *
 * <p>Matching is one loop over the field catalogue: a flow matches when, for each field of its
 * match, the packet's bits under the mask equal the value. Actions follow Open vSwitch's
 * translation (ofproto-dpif-xlate.c): set_field, load and move on any field or bit range;
 * output, output to a register's port, IN_PORT (an output to the in_port itself is skipped);
 * goto_table; resubmit(,N), which runs table N and comes back; push/pop VLAN; dec_ttl (at TTL 1
 * or 0 the packet goes to the controller with reason invalid_ttl and the flow's remaining
 * actions are skipped); ct(...), which clears the conntrack fields for the actions after it
 * and, with a table, forks a copy that resumes in that table once this pass is done, with the
 * conntrack state given by {@code --ct-next} (else trk,new), ct_zone the zone that ct used,
 * ct_mark the connection's (below), and the NAT address applied when the ct action names one
 * (a bare {@code nat} changes nothing, as ofproto/trace); ct_clear; check_pkt_larger (1 only
 * when a packet length is given and exceeds it); controller. A patch port leads into the peer
 * bridge with registers, tunnel and conntrack fields cleared, as OVS does; NORMAL is modelled
 * from the ports' tags and the VIFs' MACs (every local VIF's MAC known, nothing else).
 *
 * <p>ct_mark: a {@code ct(commit,exec(set_field:V->ct_mark))} gives the connection in its zone
 * mark V, which every later recirculation through that zone in the trace sees (the copy it forks
 * itself included); otherwise a recirculation sees {@code --ct-mark} when given, else the
 * ct_mark the packet had when the ct ran (0 unless the flow text gives one), as ofproto/trace.
 * (ofproto/trace forgets a mark committed by a ct without a table, having cleared the
 * conntrack fields after it; the datapath's connection keeps it, and so does this tracer.)
 *
 * <p>Lookup follows OVS's classifier with conjunctive matches (lib/classifier.c): priorities are
 * taken from the highest down; at a priority where a flow without conjunction actions matches,
 * that flow wins. Otherwise the matching clause flows ({@code conjunction(id,k/n)}) of that
 * priority are counted per id, and for a conjunction whose n clauses all have a matching flow
 * (n no more than the matching clause flows there, as OVS counts) the table is looked up again
 * with conj_id=id and the clause flows left out: its best flow, a {@code conj_id=id} flow of any
 * priority or simply the best other flow, is the hit. A conjunction left incomplete, or complete
 * with nothing found, falls through to the lower priorities. The trace shows the clause flows
 * that completed the conjunction, then the flow hit; conj_id is 0 again after the lookup.
 *
 * <p>The packet ends where it leaves the node: a VIF, a tunnel (with its VNI), another port
 * (a NIC), the controller, or a drop.
 */
public final class PacketTracer {
    /** OVS's limit on nested resubmits/goto_tables (MAX_DEPTH in ofproto-dpif-xlate.c). */
    private static final int MAX_DEPTH = 64;
    /** More recirculations than any sane pipeline has (the datapath allows 6 nested). */
    private static final int MAX_RECIRCULATIONS = 32;
    private static final int OFPP_LOCAL = 0xfffffffe;
    private static final int OFPP_LOCAL_10 = 0xfffe;
    private static final int CT_NEW_TRK = 0x21;

    private final DesiredState desired;
    private final NodeState node;
    private final NetworkModel model;
    private final List<String> lines = new ArrayList<>();
    private final List<End> ends = new ArrayList<>();
    private final ArrayDeque<Recirculation> recirculations = new ArrayDeque<>();
    private final ArrayDeque<Integer> ctNext;
    private final Long ctMark;
    /** The ct_mark committed to each zone's connection by a ct(commit,exec(...)) so far. */
    private final Map<Integer, BigInteger> committedMarks = new HashMap<>();
    private final Integer packetLength;
    private final Map<String, Map<Integer, List<Flow>>> tables = new HashMap<>();
    private final MatchConditions conditions = new MatchConditions();

    private PacketTracer(DesiredState desired, NodeState node, NetworkModel model, TracePacket packet) {
        this.desired = desired;
        this.node = node;
        this.model = model;
        this.ctNext = new ArrayDeque<>(packet.ctNext());
        this.ctMark = packet.ctMark();
        this.packetLength = packet.packetLength();
    }

    /**
     * Where one copy of the packet ended.
     *
     * @param bridge the bridge it left (or was dropped in)
     * @param port   the interface it left by, or null (controller, drop)
     * @param packet the packet as it left, or null where it did not leave
     */
    public record End(Kind kind, String bridge, String port, TracePacket packet, String text) {
        public enum Kind {
            /** Out of a VIF (an interface with an iface-id). */
            VIF,
            /** Out of a tunnel port. */
            TUNNEL,
            /** Out of another port of the node: a NIC, a bridge's own port. */
            PORT,
            /** A packet-in to the controller. */
            CONTROLLER,
            /** Dropped: a table miss, a drop flow, or actions without an output. */
            DROP,
            /** The trace gave up (too deep, too many recirculations). */
            LOOP
        }

        /** Left the node or went to the controller (not dropped). */
        public boolean delivered() {
            return kind != Kind.DROP && kind != Kind.LOOP;
        }
    }

    /** What a trace found: the steps, and where the packet (or its copies) ended. */
    public record Result(List<String> lines, List<End> ends) {
        public Result {
            lines = List.copyOf(lines);
            ends = List.copyOf(ends);
        }

        /** Each end in words, in the order reached. */
        public List<String> outcomes() {
            return ends.stream().map(End::text).toList();
        }

        /** The ends that left the node or reached the controller. */
        public List<End> delivered() {
            return ends.stream().filter(End::delivered).toList();
        }

        public String text() {
            StringBuilder sb = new StringBuilder();
            lines.forEach(l -> sb.append(l).append('\n'));
            List<String> o = outcomes();
            sb.append("=> ").append(o.isEmpty() ? "dropped" : String.join("\n=> ", o)).append('\n');
            return sb.toString();
        }
    }

    private record Recirculation(String bridge, int table, TracePacket packet, int zone, Nat nat, String from) {
    }

    /**
     * Traces {@code packet} entering {@code bridge}. Its in_port may be a number or the name
     * of an interface on that bridge. {@code given} is not changed.
     */
    public static Result trace(DesiredState desired, NodeState node, NetworkModel model, String bridge,
                               TracePacket given) {
        PacketTracer t = new PacketTracer(desired, node, model, given);
        TracePacket packet = given.copy();
        String name = packet.inPortName();
        if (name != null) {
            ObservedInterface i = node.iface(bridge, name)
                    .orElseThrow(() -> new IllegalArgumentException("no interface " + name + " on " + bridge));
            if (!i.hasOfport()) {
                throw new IllegalArgumentException(name + " has no OpenFlow port number yet");
            }
            packet.set(Field.IN_PORT, BigInteger.valueOf(i.ofport()));
        } else if (packet.value(Field.IN_PORT) == null) {
            throw new IllegalArgumentException("the packet needs an in_port");
        }
        t.pass(bridge, 0, packet);
        int n = 0;
        while (!t.recirculations.isEmpty()) {
            Recirculation r = t.recirculations.poll();
            if (++n > MAX_RECIRCULATIONS) {
                t.ends.add(new End(End.Kind.LOOP, r.bridge(), null, null, "loop: gave up after " + MAX_RECIRCULATIONS
                        + " recirculations"));
                break;
            }
            t.resume(r);
        }
        return new Result(t.lines, t.ends);
    }

    /** One pass through the pipeline from {@code table}: if nothing comes out, that is a drop. */
    private void pass(String bridge, int table, TracePacket p) {
        int before = ends.size();
        int queued = recirculations.size();
        table(bridge, table, p, 0, false);
        if (ends.size() == before && recirculations.size() == queued) {
            ends.add(new End(End.Kind.DROP, bridge, null, null, "dropped in " + bridge + ": no output"));
        }
    }

    private void resume(Recirculation r) {
        TracePacket p = r.packet();
        int state;
        String why;
        if (ctNext.isEmpty()) {
            state = CT_NEW_TRK;
            why = "the default ct_state=trk|new (give --ct-next to choose)";
        } else {
            state = ctNext.poll();
            why = "ct_state=" + TracePacket.ctFlagsText(state) + " (--ct-next)";
        }
        p.set(Field.CT_STATE, BigInteger.valueOf(state));
        p.set(Field.CT_ZONE, BigInteger.valueOf(r.zone()));
        String markWhy;
        if (committedMarks.containsKey(r.zone())) {
            p.set(Field.CT_MARK, committedMarks.get(r.zone()));
            markWhy = " (committed in this trace)";
        } else if (ctMark != null) {
            p.set(Field.CT_MARK, BigInteger.valueOf(ctMark));
            markWhy = " (--ct-mark)";
        } else {
            markWhy = "";   // the packet's own, as ofproto/trace keeps it
        }
        lines.add("");
        lines.add("recirculation after " + r.from() + ": resumes " + r.bridge() + " table " + r.table() + " with "
                + why + ", ct_zone=" + r.zone() + ", ct_mark=" + TracePacket.text(Field.CT_MARK, p.value(Field.CT_MARK))
                + markWhy);
        if (r.nat() != null) {
            if (r.nat().kind() == null) {
                lines.add("  nat: the connection's existing translation, which a trace cannot know: addresses kept");
            } else {
                NatSimulation.apply(r.nat(), p);
                lines.add("  nat simulated as ofproto/trace does (first address and port of the range): " + p);
            }
        }
        pass(r.bridge(), r.table(), p);
    }

    /**
     * Looks {@code p} up in {@code table} and runs the hit's actions. {@code inResubmit}: this
     * chain was reached by resubmit, so a miss or drop only ends the chain and the caller goes on.
     */
    private void table(String bridge, int table, TracePacket p, int depth, boolean inResubmit) {
        String pad = "  ".repeat(depth);
        if (depth > MAX_DEPTH) {
            ends.add(new End(End.Kind.LOOP, bridge, null, null, "loop: gave up after " + MAX_DEPTH + " nested tables"));
            return;
        }
        Lookup l = lookup(bridge, table, p);
        l.notes().forEach(n -> lines.add(pad + bridge + " table " + table + " " + n));
        Flow hit = l.hit();
        if (hit == null) {
            lines.add(pad + bridge + " table " + table + ": no flow matches " + p + " (table miss: "
                    + (inResubmit ? "nothing done, the resubmit returns" : "drop") + ")");
            if (!inResubmit) {
                ends.add(new End(End.Kind.DROP, bridge, null, null, "dropped in " + bridge + " table " + table + " (miss)"));
            }
            return;
        }
        if (l.conjId() != null) {
            for (Flow c : l.clauses()) {
                lines.add(pad + bridge + " " + c.toOfctl() + "   # " + owner(c));
            }
            lines.add(pad + "  conjunction(" + l.conjId() + "): every clause matched at priority "
                    + l.clauses().get(0).priority() + ", so conj_id=" + l.conjId() + " and table " + table
                    + " is looked up again without the clause flows"
                    + (hit.match().entries().containsKey(Field.CONJ_ID) ? "" : "; no conj_id=" + l.conjId()
                    + " flow matches, so the best other flow is the hit, as in OVS"));
        }
        Flow f = hit;
        lines.add(pad + bridge + " " + f.toOfctl() + "   # " + owner(f));
        if (f.actions().isEmpty()) {
            if (!inResubmit) {
                ends.add(new End(End.Kind.DROP, bridge, null, null, "dropped in " + bridge + " table " + table + " by "
                        + owner(f)));
            }
            return;
        }
        actions(bridge, f, p, depth, inResubmit);
    }

    private void actions(String bridge, Flow f, TracePacket p, int depth, boolean inResubmit) {
        String pad = "  ".repeat(depth + 1);
        for (Action a : f.actions()) {
            if (a instanceof Action.GotoTable g) {
                table(bridge, g.table(), p, depth + 1, inResubmit);
                return;
            } else if (a instanceof Action.Resubmit r) {
                lines.add(pad + "resubmit(," + r.table() + ")");
                table(bridge, r.table(), p, depth + 1, true);
            } else if (a instanceof Action.Output o) {
                output(bridge, o.port(), p, depth + 1);
            } else if (a instanceof Action.OutputReg o) {
                BigInteger port = Subfields.read(o.port(), p);
                if (port.bitLength() > 16) {
                    lines.add(pad + "output:" + o.port().toOfctl() + " holds " + port + ", out of range: skipped");
                    continue;
                }
                lines.add(pad + "output:" + o.port().toOfctl() + " is port " + port);
                output(bridge, port.intValue(), p, depth + 1);
            } else if (a instanceof Action.InPort) {
                BigInteger in = p.value(Field.IN_PORT);
                out(bridge, in.intValue(), p.copy(), depth + 1);
            } else if (a instanceof Action.Normal) {
                normal(bridge, p.copy(), depth + 1);
            } else if (a instanceof Action.Controller) {
                ends.add(new End(End.Kind.CONTROLLER, bridge, null, p.copy(), "to the controller (packet-in from " + bridge
                        + " table " + f.table() + ", " + owner(f) + ")"));
            } else if (a instanceof Action.ControllerWithData c) {
                ends.add(new End(End.Kind.CONTROLLER, bridge, null, p.copy(), "to the controller (reason " + c.reason()
                        + (c.userdata().isEmpty() ? "" : ", userdata " + c.userdata()) + ", from " + bridge
                        + " table " + f.table() + ", " + owner(f) + ")"));
            } else if (a instanceof Action.PushVlan) {
                // the new tag copies the old outer tag's VID, if any (OpenFlow 1.3 push_vlan)
                p.set(Field.VLAN_VID, BigInteger.valueOf(0x1000 | (p.vlan() == null ? 0 : p.vlan())));
            } else if (a instanceof Action.PopVlan) {
                p.set(Field.VLAN_VID, BigInteger.ZERO);
            } else if (a instanceof Action.SetVlanVid v) {
                p.set(Field.VLAN_VID, BigInteger.valueOf(0x1000 | v.vid()));
            } else if (a instanceof Action.SetTunnelId t) {
                p.set(Field.TUN_ID, new BigInteger(Long.toUnsignedString(t.tunId())));
            } else if (a instanceof Action.SetField sf) {
                p.set(sf.field(), TracePacket.bits(sf.field(), sf.value()));
            } else if (a instanceof Action.Load l) {
                Subfields.write(l.dst(), new BigInteger(Long.toUnsignedString(l.value())), p);
            } else if (a instanceof Action.Move m) {
                Subfields.write(m.dst(), Subfields.read(m.src(), p), p);
            } else if (a instanceof Action.DecTtl) {
                if (!p.isIp()) {
                    continue;   // OVS: dec_ttl does nothing to a non-IP packet
                }
                int ttl = p.value(Field.NW_TTL).intValue();
                if (ttl <= 1) {
                    lines.add(pad + "dec_ttl at nw_ttl=" + ttl + ": to the controller (invalid_ttl); the rest of this "
                            + "flow's actions is skipped");
                    ends.add(new End(End.Kind.CONTROLLER, bridge, null, p.copy(), "to the controller (invalid_ttl: nw_ttl=" + ttl
                            + " in " + bridge + " table " + f.table() + ", " + owner(f) + ")"));
                    return;
                }
                p.set(Field.NW_TTL, BigInteger.valueOf(ttl - 1));
            } else if (a instanceof Action.Ct ct) {
                conntrack(bridge, f, ct, p, pad);
            } else if (a instanceof Action.CtClear) {
                clearConntrack(p);
            } else if (a instanceof Action.Conjunction c) {
                // never hit (lookup leaves clause flows out); OVS rejects them mixed with other actions
                lines.add(pad + c.toOfctl() + ": a clause's action, nothing to run");
            } else if (a instanceof Action.UseMeter m) {
                // one packet never exceeds a rate: it passes
                lines.add(pad + "meter:" + m.meterId() + " (passes, unless its bridge is over the meter's rate)");
            } else if (a instanceof Action.CheckPktLarger c) {
                boolean larger = packetLength != null && packetLength > c.length();
                Subfields.write(c.dst(), larger ? BigInteger.ONE : BigInteger.ZERO, p);
                lines.add(pad + "check_pkt_larger(" + c.length() + "): " + (larger ? 1 : 0) + " ("
                        + (packetLength == null ? "no packet length given (--packet-len)" : packetLength + " bytes")
                        + ") -> " + c.dst().toOfctl());
            } else {
                throw new IllegalStateException("the tracer does not know the action " + a.toOfctl());
            }
        }
    }

    private void conntrack(String bridge, Flow f, Action.Ct ct, TracePacket p, String pad) {
        int zone = ct.zone() == null ? ct.zoneConstant() : Subfields.read(ct.zone(), p).intValue();
        // exec runs on the packet's conntrack fields (OVS: nested actions, then the commit carries them)
        for (Action e : ct.exec()) {
            if (e instanceof Action.SetField s) {
                p.set(s.field(), TracePacket.bits(s.field(), s.value()));
            } else if (e instanceof Action.Load l) {
                Subfields.write(l.dst(), new BigInteger(Long.toUnsignedString(l.value())), p);
            }
        }
        if (ct.commit() && !ct.exec().isEmpty()) {
            BigInteger mark = p.value(Field.CT_MARK);
            committedMarks.put(zone, mark);
            lines.add(pad + ct.toOfctl() + ": commits ct_mark=" + TracePacket.text(Field.CT_MARK, mark)
                    + " to the connection in zone " + zone + " (later recirculations through zone " + zone
                    + " in this trace see it)");
        }
        if (ct.table() != null) {
            TracePacket fork = p.copy();
            recirculations.add(new Recirculation(bridge, ct.table(), fork, zone, ct.nat(),
                    ct.toOfctl() + " in " + bridge + " table " + f.table()));
            lines.add(pad + ct.toOfctl() + ": conntrack in zone " + zone + (ct.commit() ? ", committed" : "")
                    + "; a copy resumes in table " + ct.table() + " after this pass; this one goes on untracked");
        } else {
            lines.add(pad + ct.toOfctl() + ": conntrack in zone " + zone + (ct.commit() ? ", committed" : "")
                    + (ct.nat() != null && ct.nat().kind() != null ? "; the datapath applies " + ct.nat().toOfctl()
                    + " but later tables see the old addresses (no recirculation)" : "")
                    + "; goes on untracked");
        }
        // the ct_* fields exist only in the recirculated copy's pipeline (xlate: flow_clear_conntrack)
        clearConntrack(p);
    }

    private static void clearConntrack(TracePacket p) {
        p.set(Field.CT_STATE, null);
        p.set(Field.CT_ZONE, null);
        p.set(Field.CT_MARK, null);
    }

    /** An explicit output: never back out of the in_port (OVS skips it; IN_PORT does that). */
    private void output(String bridge, int port, TracePacket p, int depth) {
        BigInteger in = p.value(Field.IN_PORT);
        if (in != null && in.intValue() == port) {
            lines.add("  ".repeat(depth) + "output:" + port + " skipped: it is the input port (IN_PORT sends there)");
            return;
        }
        out(bridge, port, p.copy(), depth);
    }

    private void out(String bridge, int ofport, TracePacket p, int depth) {
        String pad = "  ".repeat(depth);
        if (ofport == OFPP_LOCAL || ofport == OFPP_LOCAL_10) {
            ends.add(new End(End.Kind.PORT, bridge, bridge, p, "port " + bridge + " (LOCAL) of " + bridge + ": " + p));
            return;
        }
        Optional<ObservedInterface> iface = node.interfaces().stream()
                .filter(i -> i.bridge().equals(bridge) && Integer.valueOf(ofport).equals(i.ofport()))
                .findFirst();
        if (iface.isEmpty()) {
            ends.add(new End(End.Kind.DROP, bridge, null, null, "out port " + ofport + " of " + bridge
                    + ", which the node does not report"));
            return;
        }
        ObservedInterface i = iface.get();
        Optional<String> peer = peerOf(i);
        if (peer.isPresent()) {
            Optional<ObservedInterface> other = node.interfaces().stream()
                    .filter(x -> x.name().equals(peer.get()) && x.hasOfport()).findFirst();
            if (other.isEmpty()) {
                ends.add(new End(End.Kind.DROP, bridge, i.name(), null, "out patch port " + i.name() + ", whose peer "
                        + peer.get() + " is not up"));
                return;
            }
            lines.add(pad + "-> " + i.name() + " (patch) into " + other.get().bridge() + " as " + other.get().name());
            // as OVS's patch_port_output: new in_port; registers, tunnel and conntrack fields start over
            p.set(Field.IN_PORT, BigInteger.valueOf(other.get().ofport()));
            for (Field f : Field.values()) {
                if (f.isRegister() || f == Field.TUN_ID) {
                    p.set(f, null);
                }
            }
            clearConntrack(p);
            table(other.get().bridge(), 0, p, depth + 1, false);
        } else if ("vxlan".equals(i.type()) || "geneve".equals(i.type()) || "gre".equals(i.type())) {
            ends.add(new End(End.Kind.TUNNEL, bridge, i.name(), p, "tunnel " + i.name() + " to "
                    + i.options().getOrDefault("remote_ip", "?") + " with VNI 0x" + p.value(Field.TUN_ID).toString(16)
                    + ": " + p));
        } else if (i.ifaceId() != null) {
            ends.add(new End(End.Kind.VIF, bridge, i.name(), p, "VIF " + i.name() + " (port " + i.ifaceId() + "): " + p));
        } else {
            ends.add(new End(End.Kind.PORT, bridge, i.name(), p, "port " + i.name() + " of " + bridge + ": " + p));
        }
    }

    /**
     * NORMAL as OVS's L2 switch does it (xlate_normal): the packet's VLAN is the in port's tag
     * (a tagged frame on an access port is dropped) or, on a trunk, its own; it goes to the
     * VIF whose MAC is dl_dst in that VLAN, else floods to every other port of the VLAN,
     * untagged out of access ports and tagged out of trunks. The bridge's own port is left out.
     */
    private void normal(String bridge, TracePacket p, int depth) {
        String pad = "  ".repeat(depth);
        BigInteger inPort = p.value(Field.IN_PORT);
        ObservedInterface in = node.interfaces().stream()
                .filter(i -> i.bridge().equals(bridge) && i.hasOfport() && inPort != null
                        && inPort.intValue() == i.ofport())
                .findFirst().orElse(null);
        Integer inTag = in == null ? null : tag(in);
        if (inTag != null && p.tagged()) {
            lines.add(pad + "NORMAL on " + bridge + ": dropped, a frame tagged " + p.vlan() + " on " + in.name()
                    + ", an access port of VLAN " + inTag);
            ends.add(new End(End.Kind.DROP, bridge, null, null, "dropped by NORMAL on " + bridge + " (tagged frame on an "
                    + "access port)"));
            return;
        }
        int vlan = inTag != null ? inTag : p.tagged() ? p.vlan() : 0;
        List<ObservedInterface> candidates = new ArrayList<>();
        for (ObservedInterface i : node.interfaces()) {
            if (!i.bridge().equals(bridge) || !i.hasOfport() || i == in || i.name().equals(bridge)) {
                continue;
            }
            Integer t = tag(i);
            if (t == null || t == vlan) {
                candidates.add(i);
            }
        }
        BigInteger dst = p.value(Field.ETH_DST);
        List<ObservedInterface> known = candidates.stream()
                .filter(i -> tag(i) != null && dst != null && macOf(i) != null
                        && dst.equals(TracePacket.bits(Field.ETH_DST, macOf(i))))
                .toList();
        List<ObservedInterface> targets = known.isEmpty() ? candidates : known;
        lines.add(pad + "NORMAL on " + bridge + " VLAN " + vlan + ": "
                + (known.isEmpty() ? "dl_dst not a local VIF here, flood to " : "dl_dst is ")
                + targets.stream().map(ObservedInterface::name).toList());
        for (ObservedInterface t : targets) {
            TracePacket copy = p.copy();
            boolean access = tag(t) != null;
            copy.set(Field.VLAN_VID, BigInteger.valueOf(access || vlan == 0 ? 0 : 0x1000 | vlan));
            out(bridge, t.ofport(), copy, depth + 1);
        }
    }

    /**
     * The flow a table gives {@code p}: {@code conjId} and {@code clauses} say a conjunction
     * completed (its matching clause flows, in table order); {@code notes} tell of the
     * conjunctions passed over above the hit.
     */
    private record Lookup(Flow hit, Long conjId, List<Flow> clauses, List<String> notes) {
    }

    /** One conjunction's clauses at one priority: which have a matching flow, and those flows. */
    private static final class Clauses {
        final int n;
        final java.util.BitSet matched = new java.util.BitSet();
        final List<Flow> flows = new ArrayList<>();

        Clauses(int n) {
            this.n = n;
        }

        boolean complete() {
            return matched.get(1, n + 1).cardinality() == n;   // clauses 1..n (OVS ignores a k beyond n)
        }
    }

    /** OVS's classifier lookup with conjunctive matches (see the class comment). */
    private Lookup lookup(String bridge, int table, TracePacket p) {
        List<Flow> fs = flows(bridge, table);
        List<String> notes = new ArrayList<>();
        int i = 0;
        while (i < fs.size()) {
            int priority = fs.get(i).priority();
            Flow hard = null;
            List<Flow> soft = new ArrayList<>();
            for (; i < fs.size() && fs.get(i).priority() == priority; i++) {
                Flow f = fs.get(i);
                if (!matches(f.match(), p)) {
                    continue;
                }
                if (isClause(f)) {
                    soft.add(f);
                } else if (hard == null) {
                    hard = f;
                }
            }
            if (hard != null) {
                return new Lookup(hard, null, List.of(), notes);   // at one priority, a plain flow beats clauses
            }
            if (soft.isEmpty()) {
                continue;
            }
            Map<Long, Clauses> byId = new LinkedHashMap<>();
            List<Long> complete = new ArrayList<>();
            for (Flow f : soft) {
                for (Action a : f.actions()) {
                    if (!(a instanceof Action.Conjunction c)) {
                        continue;
                    }
                    Clauses cl = byId.computeIfAbsent(c.id(), id -> new Clauses(c.clauses()));
                    cl.matched.set(c.clause());
                    if (!cl.flows.contains(f)) {
                        cl.flows.add(f);
                    }
                    // OVS counts no conjunction with more clauses than there are matching clause flows
                    if (cl.complete() && cl.n <= soft.size() && !complete.contains(c.id())) {
                        complete.add(c.id());
                    }
                }
            }
            if (complete.size() > 1) {
                notes.add("priority " + priority + ": conjunctions " + complete + " all complete; OVS tries them in "
                        + "its own order (the tracer: in the order their clauses complete)");
            }
            for (long id : complete) {
                TracePacket withId = p.copy();
                withId.set(Field.CONJ_ID, BigInteger.valueOf(id));
                Flow hit = fs.stream().filter(f -> !isClause(f) && matches(f.match(), withId)).findFirst().orElse(null);
                if (hit != null) {
                    return new Lookup(hit, id, byId.get(id).flows, notes);
                }
                notes.add("priority " + priority + ": conjunction(" + id + ") complete, but no flow matches conj_id="
                        + id + ": falls through to lower priorities");
            }
            java.util.Set<Long> told = new java.util.HashSet<>(complete);
            for (Flow f : soft) {
                for (Action a : f.actions()) {
                    if (a instanceof Action.Conjunction c && told.add(c.id())) {
                        notes.add(incomplete(priority, c, byId.get(c.id()), soft.size()));
                    }
                }
            }
        }
        return new Lookup(null, null, List.of(), notes);
    }

    private static String incomplete(int priority, Action.Conjunction c, Clauses cl, int softFlows) {
        String head = "priority " + priority + ": conjunction(" + c.id() + ") incomplete, ";
        List<String> missing = new ArrayList<>();
        for (int k = 1; k <= cl.n; k++) {
            if (!cl.matched.get(k)) {
                missing.add(k + "/" + cl.n);
            }
        }
        return head + (missing.isEmpty() ? "its " + cl.n + " clauses matched by only " + softFlows + " flows (OVS "
                + "needs a flow per clause)" : "no flow matches clause" + (missing.size() == 1 ? " " : "s ")
                + String.join(", ", missing)) + ": falls through to lower priorities";
    }

    private static boolean isClause(Flow f) {
        return f.actions().stream().anyMatch(a -> a instanceof Action.Conjunction);
    }

    private List<Flow> flows(String bridge, int table) {
        return tables.computeIfAbsent(bridge, b -> {
            Map<Integer, List<Flow>> byTable = new LinkedHashMap<>();
            for (Flow f : FlowDump.sorted(desired.flows(b))) {   // highest priority first
                byTable.computeIfAbsent(f.table(), t -> new ArrayList<>()).add(f);
            }
            return byTable;
        }).getOrDefault(table, List.of());
    }

    private boolean matches(Match m, TracePacket p) {
        return conditions.matches(m, p);
    }

    /** Whether the match of a flow takes {@code packet}, as the tracer decides it (packet & mask == value). */
    public static boolean matches(Flow flow, TracePacket packet) {
        return new MatchConditions().matches(flow.match(), packet);
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
}
