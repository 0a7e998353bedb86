package dev.muon.controller.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Field;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Subfield;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeState;
import dev.muon.pipeline.node.ObservedInterface;
import dev.muon.pipeline.trace.PacketTracer;
import dev.muon.pipeline.trace.TracePacket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Conjunctive matches and conntrack marks, Muon's tracer against {@code ovs-appctl ofproto/trace}
 * on the same hand-written flows: one real userspace OVS bridge (no controller, fail_mode=secure)
 * with four internal ports, the flows installed with {@code ovs-ofctl add-flows} from Muon's own
 * rendering of them, and each packet must leave by the same ports in both (or be dropped in both).
 *
 * <p>The flows are those the firewall's remote-group rules look like (members × ports as two
 * clauses), plus the corners of OVS's classifier: a plain flow beating a complete conjunction at
 * the same priority, a conj_id flow of higher priority than its clauses, a complete conjunction
 * without a conj_id flow (the lookup with conj_id takes the best other flow, skipping lower
 * conjunctions), and ct_mark/ct_zone after a recirculation ({@code --ct-mark V} is given to
 * OVS as the packet's ct_mark, which its ct recirculation keeps).
 */
@Tag("integration")
class ConjunctionTraceAgreesWithOvsIT {
    private static final String BR = "br-c";
    private static final Pattern ODP_PORT = Pattern.compile("^\\s+(\\S+) (?:\\d+|none)/(\\d+|none):");

    private Path work;
    private OvsNode node;
    private final List<Flow> flows = new ArrayList<>();
    private final Map<Long, String> owners = new HashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        work = Files.createTempDirectory("muon-conj-it");
        node = OvsNode.start("conj", work, Cloud.freePort());
        node.vsctl("add-br", BR, "--", "set", "Bridge", BR, "datapath_type=netdev", "fail_mode=secure");
        for (int i = 1; i <= 4; i++) {   // p4 is where the packets come in
            node.vsctl("add-port", BR, "p" + i, "--", "set", "Interface", "p" + i, "type=internal",
                    "ofport_request=" + i);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private void flow(int table, int priority, String owner, UnaryOperator<Match.Builder> match, Action... actions) {
        long cookie = 0x100L + owners.size();
        owners.put(cookie, owner);
        flows.add(new Flow(table, priority, cookie, match.apply(Match.builder()).build(), List.of(actions)));
    }

    private static Action conj(long id, int k, int n) {
        return new Action.Conjunction(id, k, n);
    }

    private static Action ct(boolean commit, Integer table, String mark) {
        return new Action.Ct(commit, table, Subfield.bits(Field.REG6, 0, 15), 0, null,
                mark == null ? List.of() : List.of(Action.setField(Field.CT_MARK, mark)));
    }

    private static Match.Builder tcp(Match.Builder m) {
        return m.ethType(0x0800).ipProto(6);
    }

    private void install() throws IOException {
        flows.add(0, new Flow(0, 0, 0, Match.builder().build(), List.of()));   // secure bridge: a miss drops anyway
        owners.put(0L, "miss");
        // table 0: remote groups 7 (members .1, .3; tcp 22) and 8 (member .5; tcp 22 or 80) at 70
        flow(0, 70, "group 7 member .1", m -> m.ethType(0x0800).ipv4Src("10.0.0.1"), conj(7, 1, 2));
        flow(0, 70, "group 7 member .3", m -> m.ethType(0x0800).ipv4Src("10.0.0.3"), conj(7, 1, 2));
        flow(0, 70, "group 8 member .5", m -> m.ethType(0x0800).ipv4Src("10.0.0.5"), conj(8, 1, 2));
        flow(0, 70, "tcp 22 for 7 and 8", m -> tcp(m).tcpDst(22), conj(7, 2, 2), conj(8, 2, 2));
        flow(0, 70, "tcp 80 for 8", m -> tcp(m).tcpDst(80), conj(8, 2, 2));
        flow(0, 70, "accept 7", m -> m.set(Field.CONJ_ID, "7").ethType(0x0800), Action.output(2));
        flow(0, 70, "accept 8", m -> m.set(Field.CONJ_ID, "8").ethType(0x0800), Action.output(3));
        flow(0, 70, "plain, same priority", m -> tcp(m).ipv4Dst("10.0.0.99"), Action.output(3));
        // conjunction 9: clauses at 60, its conj_id flow at 200
        flow(0, 60, "9: from .1", m -> m.ethType(0x0800).ipv4Src("10.0.0.1"), conj(9, 1, 2));
        flow(0, 60, "9: udp 53", m -> m.ethType(0x0800).ipProto(17).udpDst(53), conj(9, 2, 2));
        flow(0, 200, "accept 9", m -> m.set(Field.CONJ_ID, "9"), Action.output(3));
        flow(0, 50, "tcp 80 from anyone", m -> tcp(m).tcpDst(80), Action.output(1));
        // 11 completes at 45 without a conj_id flow: the best other flow (priority 1), not 12 at 44
        flow(0, 45, "11: from .7", m -> m.ethType(0x0800).ipv4Src("10.0.0.7"), conj(11, 1, 2));
        flow(0, 45, "11: to .2", m -> m.ethType(0x0800).ipv4Dst("10.0.0.2"), conj(11, 2, 2));
        flow(0, 44, "12: from .7", m -> m.ethType(0x0800).ipv4Src("10.0.0.7"), conj(12, 1, 2));
        flow(0, 44, "12: tcp", m -> tcp(m), conj(12, 2, 2));
        flow(0, 44, "accept 12", m -> m.set(Field.CONJ_ID, "12"), Action.output(3));
        // conntrack: tcp 443 goes through zone 5 into table 1, which reads ct_mark and ct_zone
        flow(0, 100, "track 443", m -> tcp(m).tcpDst(443), new Action.Load(Subfield.whole(Field.REG6), 5),
                ct(false, 1, null));
        flow(1, 50, "marked: drop", m -> m.set(Field.CT_MARK, "0x1"));
        flow(1, 45, "established in zone 5", m -> m.ctState("+est+trk").ctZone(5), Action.output(2));
        flow(1, 40, "new: commit mark 2, on to 2", m -> m.ctState("+new+trk").ethType(0x0800), ct(true, 2, "0x2"));
        flow(2, 10, "mark 2 in zone 5", m -> m.ctZone(5).set(Field.CT_MARK, "0x2"), Action.output(3));
        flow(0, 1, "ip: p1", m -> m.ethType(0x0800), Action.output(1));
        Path file = work.resolve("flows.txt");
        Files.writeString(file, String.join("\n", flows.stream().map(Flow::toAddFlowSpec).toList()) + "\n");
        node.ofctl("add-flows", BR, file.toString());
        long held = node.dumpFlows(BR).lines().filter(l -> l.contains("cookie=")).count();
        assertEquals(flows.size(), held, "the switch holds every flow:\n" + node.dumpFlows(BR));
    }

    private record Case(String name, String packet, String ctNext, String ctMark) {
    }

    @Test
    void muonsTracerFollowsConjunctionsAndCtMarksAsOfprotoTrace() throws Exception {
        install();
        String from = "in_port=p4,dl_src=fa:16:3e:00:00:01,dl_dst=fa:16:3e:00:00:02,nw_dst=10.0.0.2,nw_src=";
        List<Case> cases = List.of(
                new Case("member of 7, tcp 22: conj 7", "tcp," + from + "10.0.0.1,tp_src=4000,tp_dst=22", null, null),
                new Case("other member of 7", "tcp," + from + "10.0.0.3,tp_src=4000,tp_dst=22", null, null),
                new Case("member of 8 by the shared clause", "tcp," + from + "10.0.0.5,tp_src=4000,tp_dst=22", null,
                        null),
                new Case("member of 8, tcp 80", "tcp," + from + "10.0.0.5,tp_src=4000,tp_dst=80", null, null),
                new Case("member of 7, tcp 80: incomplete, falls to 50", "tcp," + from + "10.0.0.1,tp_src=4000,tp_dst=80",
                        null, null),
                new Case("no member, tcp 22: falls to 1", "tcp," + from + "10.0.0.9,tp_src=4000,tp_dst=22", null, null),
                new Case("plain flow of the same priority", "tcp," + from.replace("nw_dst=10.0.0.2", "nw_dst=10.0.0.99")
                        + "10.0.0.1,tp_src=4000,tp_dst=22", null, null),
                new Case("udp 53 from .1: conj_id flow above its clauses", "udp," + from + "10.0.0.1,udp_src=4000,udp_dst=53",
                        null, null),
                new Case("11 complete without a conj_id flow", "tcp," + from + "10.0.0.7,tp_src=4000,tp_dst=9", null, null),
                new Case("12 alone (not to .2)", "tcp," + from.replace("nw_dst=10.0.0.2", "nw_dst=10.0.0.8")
                        + "10.0.0.7,tp_src=4000,tp_dst=9", null, null),
                new Case("443 new: commit mark 2, zone 5", "tcp," + from + "10.0.0.1,tp_src=4000,tp_dst=443", null, null),
                new Case("443 established", "tcp," + from + "10.0.0.1,tp_src=4000,tp_dst=443", "trk,est", null),
                new Case("443 established, marked", "tcp," + from + "10.0.0.1,tp_src=4000,tp_dst=443", "trk,est", "0x1"));

        NodeState state = new NodeState("conj", null, Set.of(BR), List.of(port(1), port(2), port(3), port(4)));
        DesiredState desired = new DesiredState("conj", List.of(), Map.of(), Map.of(BR, flows), owners);
        Map<String, String> odpNames = odpNames();
        List<String> report = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        for (Case c : cases) {
            String ovsFlow = c.packet() + (c.ctMark() == null ? "" : ",ct_mark=" + c.ctMark());
            List<String> args = new ArrayList<>(List.of("ofproto/trace", BR, ovsFlow));
            String options = "";
            if (c.ctNext() != null) {
                args.addAll(List.of("--ct-next", c.ctNext()));
                options += " --ct-next " + c.ctNext();
            }
            if (c.ctMark() != null) {
                options += " --ct-mark " + c.ctMark();
            }
            String ovs = appctl(args);
            PacketTracer.Result muon = PacketTracer.trace(desired, state, NetworkModel.EMPTY, BR,
                    TracePacket.parse(c.packet() + options));
            List<String> ovsEnds = ovsEnds(ovs, odpNames);
            List<String> muonEnds = muon.ends().stream().filter(PacketTracer.End::delivered)
                    .map(e -> e.port() == null ? e.kind().toString().toLowerCase() : e.port()).sorted().toList();
            report.add(String.format("%-50s ovs %s muon %s", c.name(), ovsEnds, muonEnds));
            if (!ovsEnds.equals(muonEnds)) {
                disagreements.add("== " + c.name() + ": ovs " + ovsEnds + " muon " + muonEnds + "\n-- ofproto/trace:\n"
                        + ovs + "\n-- muon:\n" + muon.text());
            }
        }
        System.out.println("conjunctions and ct marks, tracer vs ofproto/trace:\n" + String.join("\n", report));
        assertTrue(disagreements.isEmpty(), disagreements.size() + " of " + cases.size()
                + " packets end elsewhere in Muon's tracer than in ofproto/trace:\n" + String.join("\n", disagreements));
        // not vacuous: every port and a drop are reached
        String all = String.join("\n", report);
        for (String end : List.of("muon [p1]", "muon [p2]", "muon [p3]", "muon []")) {
            assertTrue(all.contains(end), "no case ends at " + end + ":\n" + all);
        }
    }

    private static ObservedInterface port(int n) {
        return new ObservedInterface("p" + n, BR, "internal", n, null, Map.of(), Map.of());
    }

    private String appctl(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ovs-appctl", "-t", node.dir.resolve("ovs-vswitchd.ctl").toString()));
        cmd.addAll(args);
        return OvsNode.run(cmd);
    }

    private Map<String, String> odpNames() throws IOException {
        Map<String, String> names = new HashMap<>();
        for (String line : appctl(List.of("dpif/show")).lines().toList()) {
            Matcher m = ODP_PORT.matcher(line);
            if (m.find() && !m.group(2).equals("none")) {
                names.put(m.group(2), m.group(1));
            }
        }
        return names;
    }

    /** The ports every "Datapath actions:" of the trace (first pass and each recirculation) outputs to. */
    private static List<String> ovsEnds(String trace, Map<String, String> odpNames) {
        List<String> ends = new ArrayList<>();
        for (String line : trace.lines().filter(l -> l.startsWith("Datapath actions:")).toList()) {
            for (String a : line.substring("Datapath actions:".length()).trim().split(",(?![^(]*\\))")) {
                String t = a.trim();
                if (t.matches("\\d+")) {
                    ends.add(odpNames.getOrDefault(t, "odp" + t));
                }
                // drop, ct(...), recirc(...): no end
            }
        }
        return ends.stream().sorted().toList();
    }
}
