package dev.muon.simulator.ovsdb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.Set;

/**
 * Not a test: how much heap and time simulated databases take at scale (issue 12 wants a
 * thousand nodes of a thousand tunnel ports in one JVM). Builds NODES databases, each with
 * br-int and br-tun and PORTS vxlan ports added one transaction each (as tunnels come when
 * nodes join one by one), with the ovs-vswitchd emulation numbering them, and prints the
 * time and the heap used per node.
 * Run: {@code java -Xmx8g -cp <test classpath> dev.muon.simulator.ovsdb.FootprintTiming [NODES PORTS]}.
 */
public final class FootprintTiming {
    private FootprintTiming() {
    }

    public static void main(String[] args) {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int ports = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Database[] dbs = new Database[nodes];
        long before = usedHeap();
        long start = System.nanoTime();
        for (int n = 0; n < nodes; n++) {
            Database db = Json.initialized();
            new VswitchdEmulation(db, ImmediateEventExecutor.INSTANCE, Datapaths.NONE, Set.of());
            Json.transact(db, Json.addBridge("br-int", "patch-tun", "patch", "{peer=patch-int}"));
            Json.transact(db, Json.addBridge("br-tun", "patch-int", "patch", "{peer=patch-tun}"));
            for (int p = 0; p < ports; p++) {
                String remote = "10.0." + (p / 250) + "." + (p % 250 + 1);
                String name = String.format("vxlan-0a00%02x%02x", p / 250, p % 250 + 1);
                ArrayNode r = Json.transact(db, "[{'op':'insert','table':'Interface','uuid-name':'i','row':{'name':'" + name
                        + "','type':'vxlan','options':['map',[['in_key','flow'],['local_ip','10.255.0.1'],['out_key','flow'],"
                        + "['remote_ip','" + remote + "']]]}},"
                        + "{'op':'insert','table':'Port','uuid-name':'p','row':{'name':'" + name
                        + "','interfaces':['named-uuid','i'],'external_ids':['map',[['muon-owned','true']]]}},"
                        + "{'op':'mutate','table':'Bridge','where':[['name','==','br-tun']],"
                        + "'mutations':[['ports','insert',['set',[['named-uuid','p']]]]]}]");
                if (r.toString().contains("error")) {
                    throw new IllegalStateException(r.toString());
                }
            }
            dbs[n] = db;
        }
        long seconds = (System.nanoTime() - start) / 1_000_000;
        long used = usedHeap() - before;
        System.out.printf("%d nodes x %d vxlan ports: %d ms (%.1f us per port), %d MB heap (%d KB per node)%n",
                nodes, ports, seconds, seconds * 1000.0 / nodes / ports, used >> 20, (used / nodes) >> 10);
        System.out.println(dbs[nodes - 1].table("Interface").size() + " interfaces on the last node");
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
