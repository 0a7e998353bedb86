package dev.muon.simulator.ovsdb;

import static dev.muon.simulator.ovsdb.Json.addBridge;
import static dev.muon.simulator.ovsdb.Json.initialized;
import static dev.muon.simulator.ovsdb.Json.transact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VswitchdEmulationTest {

    private final Database db = initialized();
    private final List<String> calls = new ArrayList<>();
    private final VswitchdEmulation vswitchd = new VswitchdEmulation(db, ImmediateEventExecutor.INSTANCE,
            new Datapaths() {
                @Override
                public void bridgeUp(String bridge, long datapathId, String controllerTarget) {
                    calls.add("up " + bridge + " " + Long.toHexString(datapathId) + " " + controllerTarget);
                }

                @Override
                public void bridgeDown(String bridge) {
                    calls.add("down " + bridge);
                }

                @Override
                public void portAdded(String bridge, int ofport, String name, String mac) {
                    calls.add("add " + bridge + " " + ofport + " " + name);
                }

                @Override
                public void portRemoved(String bridge, int ofport) {
                    calls.add("remove " + bridge + " " + ofport);
                }
            }, Set.of("eth1"));

    private String column(String table, String name, String column) {
        return transact(db, "[{'op':'select','table':'" + table + "','where':[['name','==','" + name + "']],"
                + "'columns':['" + column + "']}]").get(0).get("rows").get(0).get(column).toString();
    }

    @Test
    void numbersPortsAsOvsDoes() {
        transact(db, addBridge("br-tun", "patch-int", "patch", "{peer=patch-tun}",
                "vxlan-0a000002", "vxlan", "{remote_ip=10.0.0.2}",
                "broken", "patch", "{}",
                "eth1", "", "{}",
                "eth2", "", "{}"));
        assertEquals("65534", column("Interface", "br-tun", "ofport"));
        List<Integer> numbered = new ArrayList<>();
        for (String name : List.of("patch-int", "vxlan-0a000002", "eth1")) {
            numbered.add(Integer.parseInt(column("Interface", name, "ofport")));
        }
        assertEquals(Set.of(1, 2, 3), Set.copyOf(numbered));
        assertEquals("-1", column("Interface", "broken", "ofport"), "a patch port without a peer fails");
        assertEquals("-1", column("Interface", "eth2", "ofport"), "no such device on this host");
        assertEquals("\"could not open network device eth2 (No such device)\"", column("Interface", "eth2", "error"));
        assertEquals("\"up\"", column("Interface", "patch-int", "link_state"));
        assertEquals(4, calls.stream().filter(c -> c.startsWith("add br-tun")).count(), "the failed two are not OpenFlow ports: " + calls);
        assertEquals(65534, vswitchd.ofport("br-tun"));
        assertEquals(-1, vswitchd.ofport("eth2"));
    }

    @Test
    void datapathIdComesFromOtherConfigAndControllerStartsTheSwitch() {
        transact(db, addBridge("br-int"));
        transact(db, "[{'op':'insert','table':'Controller','uuid-name':'c','row':{'target':'tcp:127.0.0.1:6653'}},"
                + "{'op':'mutate','table':'Bridge','where':[],'mutations':[['controller','insert',['named-uuid','c']],"
                + "['other_config','insert',['map',[['datapath-id','00000000000000ab']]]]]}]");
        assertEquals("\"00000000000000ab\"", column("Bridge", "br-int", "datapath_id"));
        assertEquals("up br-int ab tcp:127.0.0.1:6653", calls.get(calls.size() - 2), calls.toString());
        assertEquals("add br-int 65534 br-int", calls.get(calls.size() - 1));
    }

    @Test
    void freedNumbersAreNotReusedAtOnceAndRequestsAreHonoured() {
        transact(db, addBridge("br-int", "a", "internal", "{}", "b", "internal", "{}"));
        int a = vswitchd.ofport("a");
        int b = vswitchd.ofport("b");
        String port = transact(db, "[{'op':'select','table':'Port','where':[['name','==','a']]}]")
                .get(0).get("rows").get(0).get("_uuid").get(1).asText();
        transact(db, "[{'op':'mutate','table':'Bridge','where':[],'mutations':[['ports','delete',['uuid','" + port + "']]]}]");
        assertNull(vswitchd.ofport("a"));
        assertEquals("remove br-int " + a, calls.get(calls.size() - 1));
        transact(db, "[{'op':'insert','table':'Interface','uuid-name':'i','row':{'name':'c','type':'internal'}},"
                + "{'op':'insert','table':'Port','uuid-name':'p','row':{'name':'c','interfaces':['named-uuid','i']}},"
                + "{'op':'insert','table':'Interface','uuid-name':'j','row':{'name':'d','type':'internal','ofport_request':40}},"
                + "{'op':'insert','table':'Port','uuid-name':'q','row':{'name':'d','interfaces':['named-uuid','j']}},"
                + "{'op':'mutate','table':'Bridge','where':[],'mutations':[['ports','insert',['set',[['named-uuid','p'],['named-uuid','q']]]]]}]");
        assertEquals(Math.max(a, b) + 1, vswitchd.ofport("c"));
        assertEquals(40, vswitchd.ofport("d"));
    }

    @Test
    void aFailedInterfaceFixedLaterGetsItsNumberAndABridgeRemovedGoesDown() {
        transact(db, addBridge("br-int", "patch-x", "patch", "{}"));
        assertEquals(-1, vswitchd.ofport("patch-x"));
        transact(db, "[{'op':'update','table':'Interface','where':[['name','==','patch-x']],"
                + "'row':{'options':['map',[['peer','patch-y']]]}}]");
        assertEquals(1, vswitchd.ofport("patch-x"));
        assertEquals("[\"set\",[]]", column("Interface", "patch-x", "error"));
        assertEquals("add br-int 1 patch-x", calls.get(calls.size() - 1));

        String bridge = transact(db, "[{'op':'select','table':'Bridge','where':[]}]")
                .get(0).get("rows").get(0).get("_uuid").get(1).asText();
        transact(db, "[{'op':'mutate','table':'Open_vSwitch','where':[],'mutations':[['bridges','delete',['uuid','"
                + bridge + "']]]}]");
        assertEquals("down br-int", calls.get(calls.size() - 1));
        assertNull(vswitchd.ofport("patch-x"));
    }
}
