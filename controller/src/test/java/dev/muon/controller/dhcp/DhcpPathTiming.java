package dev.muon.controller.dhcp;

import dev.muon.controller.RecordingSwitch;
import dev.muon.ofdriver.PacketIn;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.node.NodeState;
import java.util.Arrays;
import java.util.Map;

/**
 * Not a test: a timing main for the controller's DHCP path (issue 12), packet-in frame to
 * packet-out frame (parse, port and lease, reply encode) on one thread, udhcpc's DISCOVER and
 * REQUEST in turn, against {@link DhcpWorld}'s model (one snapshot, as between two commits).
 * Prints ns per request and the requests per second one thread answers (median of 7 rounds).
 * Run: {@code java -cp <test classpath> dev.muon.controller.dhcp.DhcpPathTiming [requests per round]}.
 */
public final class DhcpPathTiming {
    private DhcpPathTiming() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        DhcpWorld world = new DhcpWorld();
        NetworkModel model = world.model();
        Map<String, NodeState> nodes = world.nodes();
        DhcpResponder responder = new DhcpResponder(() -> model, () -> nodes, world.config);
        RecordingSwitch sw = RecordingSwitch.counting(DatapathIds.of("node1", "br-int"));
        PacketIn[] requests = {
            new PacketIn(DhcpWorld.OFPORT, PacketIn.Reason.ACTION, 0, 0L, ClientFrames.UDHCPC_DISCOVER),
            new PacketIn(DhcpWorld.OFPORT, PacketIn.Reason.ACTION, 0, 0L, ClientFrames.UDHCPC_REQUEST)};
        for (int warm = 0; warm < 3; warm++) {
            round(responder, sw, requests, n);
        }
        long[] ns = new long[7];
        for (int r = 0; r < ns.length; r++) {
            ns[r] = round(responder, sw, requests, n);
        }
        Arrays.sort(ns);
        double perRequest = (double) ns[ns.length / 2] / n;
        System.out.printf("DHCP path, packet-in frame -> packet-out frame: %.0f ns per request, %.0f requests/s on one"
                + " thread (median of %d rounds of %d; %d replies)%n", perRequest, 1e9 / perRequest, ns.length, n, sw.count());
    }

    private static long round(DhcpResponder responder, RecordingSwitch sw, PacketIn[] requests, int n) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            responder.packetIn(sw, requests[i & 1]);
        }
        return System.nanoTime() - t0;
    }
}
