package dev.muon.ofdriver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Flow;
import dev.muon.pipeline.flow.FlowChanges;
import dev.muon.pipeline.flow.FlowDiff;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.MeterChanges;
import dev.muon.pipeline.flow.MeterDiff;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Meters through a real ovs-vswitchd on the userspace datapath, on OpenFlow 1.3 and 1.4: what
 * is added is what {@code ovs-ofctl dump-meters} shows and what dumpMeters reads back, a flow's
 * meter instruction round-trips, a rate is modified in place, a flow naming a missing meter is
 * refused, and a meter no flow uses is deleted.
 */
@Tag("integration")
class MeterDriverIT {
    private static final int T = 30;
    private static final long COOKIE = OpenFlowDriverIT.COOKIE;

    static DriverNode lab;
    static RecordingListener listener;
    static OpenFlowServer server;
    static OvsNode node;

    @BeforeAll
    static void startNode() throws Exception {
        lab = DriverNode.start();
        listener = lab.listener;
        server = lab.server;
        node = lab.node;
    }

    @AfterAll
    static void stopNode() {
        if (lab != null) {
            lab.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"OpenFlow13", "OpenFlow14"})
    void metersRoundTripAndMeterFlows(String protocol) throws Exception {
        String br = "br-m" + protocol.substring(8);
        long dpid = 0x00004d75000000a0L + Integer.parseInt(protocol.substring(8));
        OpenFlowSwitch sw = lab.bridge(br, dpid, protocol);
        assertEquals(List.of(), sw.dumpMeters().get(T, TimeUnit.SECONDS));

        List<Meter> meters = List.of(new Meter(3, 100, 50), new Meter(7, 250, 10));
        sw.apply(MeterDiff.between(List.of(), meters)).get(T, TimeUnit.SECONDS);
        assertEquals(Set.copyOf(meters), new HashSet<>(sw.dumpMeters().get(T, TimeUnit.SECONDS)));
        String dump = node.ofctl("dump-meters", br);
        assertTrue(dump.contains("meter=3 pktps burst stats bands=\ntype=drop rate=100 burst_size=50"), dump);

        Flow metered = new Flow(0, 20, COOKIE, Match.builder().inPort(3).ethType(Match.ETH_TYPE_IPV4)
                .ipProto(Match.IP_PROTO_UDP).udpSrc(68).udpDst(67).build(),
                List.of(new Action.UseMeter(3), Action.controller()));
        sw.apply(new FlowChanges(List.of(metered), List.of())).get(T, TimeUnit.SECONDS);
        String flows = node.ofctl("dump-flows", br);
        assertTrue(flows.contains("tp_src=68,tp_dst=67 actions=meter:3,CONTROLLER:65535"), flows);
        assertTrue(FlowDiff.between(sw.dumpFlows().get(T, TimeUnit.SECONDS), List.of(metered)).isEmpty(),
                "the metered flow reads back equal");

        // a new rate is a modify: the flow stays
        List<Meter> faster = List.of(new Meter(3, 500, 50));
        MeterChanges change = MeterDiff.between(sw.dumpMeters().get(T, TimeUnit.SECONDS), faster);
        assertEquals(List.of(new Meter(3, 500, 50)), change.modifies());
        assertEquals(List.of(new Meter(7, 250, 10)), change.deletes());
        sw.apply(change).get(T, TimeUnit.SECONDS);
        assertEquals(faster, sw.dumpMeters().get(T, TimeUnit.SECONDS));
        assertEquals(1, sw.dumpFlows().get(T, TimeUnit.SECONDS).size());

        // a flow naming a meter the bridge lacks is refused, and nothing of it applied
        Flow unknown = new Flow(0, 20, COOKIE, Match.builder().inPort(9).build(),
                List.of(new Action.UseMeter(9), Action.controller()));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> sw.apply(new FlowChanges(List.of(unknown), List.of())).get(T, TimeUnit.SECONDS));
        assertInstanceOf(OpenFlowErrorException.class, e.getCause());

        // deleting a meter: gone from the bridge
        sw.apply(new FlowChanges(List.of(), List.of(metered))).get(T, TimeUnit.SECONDS);
        sw.apply(MeterDiff.between(faster, List.of())).get(T, TimeUnit.SECONDS);
        assertEquals(List.of(), sw.dumpMeters().get(T, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"OpenFlow14"})
    void aForeignKbpsMeterEqualsNoMeterMuonComputes(String protocol) throws Exception {
        String br = "br-mk";
        long dpid = 0x00004d75000000b0L;
        OpenFlowSwitch sw = lab.bridge(br, dpid, protocol);
        node.ofctl("add-meter", br, "meter=3,kbps,bands=type=drop,rate=100");
        List<Meter> read = sw.dumpMeters().get(T, TimeUnit.SECONDS);
        assertEquals(1, read.size());
        MeterChanges change = MeterDiff.between(read, List.of(new Meter(3, 100, 10)));
        assertEquals(List.of(new Meter(3, 100, 10)), change.modifies(), "replaced, not trusted");
        sw.apply(change).get(T, TimeUnit.SECONDS);
        assertEquals(List.of(new Meter(3, 100, 10)), sw.dumpMeters().get(T, TimeUnit.SECONDS));
    }
}
