package dev.muon.pipeline.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.compile.Bridges;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeConfigTest {
    @Test
    void readsExternalIds() {
        NodeConfig c = NodeConfig.fromExternalIds(Map.of("hostname", "node2", "muon-encap-ip", "192.168.1.12",
                "muon-bridge-mappings", "physnet1:br-eth1, public:br-ex", "muon-role", "network",
                "muon-datapath-type", "netdev"));
        assertEquals("node2", c.hostname());
        assertEquals(Map.of("physnet1", "br-eth1", "public", "br-ex"), c.bridgeMappings());
        assertEquals(NodeRole.NETWORK, c.role());
        assertEquals("netdev", c.datapathType());
    }

    @Test
    void defaultsAndRefusals() {
        assertNull(NodeConfig.fromExternalIds(Map.of("muon-encap-ip", "1.2.3.4")));
        NodeConfig c = NodeConfig.fromExternalIds(Map.of("hostname", "n"));
        assertEquals("system", c.datapathType());
        assertEquals(NodeRole.COMPUTE, c.role());
        assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.fromExternalIds(Map.of("hostname", "n", "muon-bridge-mappings", "physnet1")));
        assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.fromExternalIds(Map.of("hostname", "n", "muon-role", "dvr")));
        // a bad tunnel endpoint is refused at the node, not carried into every other node's compile
        for (String bad : new String[] {"fd00::13", "192.168.1.300", "192.168.1", "node3"}) {
            assertThrows(IllegalArgumentException.class,
                    () -> NodeConfig.fromExternalIds(Map.of("hostname", "n", "muon-encap-ip", bad)), bad);
        }
    }

    @Test
    void tunnelEndpointsThatNoNodeCanBeAreRefused() {
        // every real node would otherwise build a VXLAN port towards them (issue 13)
        for (String bad : new String[] {"0.0.0.0", "255.255.255.255", "224.0.0.1", "239.1.2.3", "127.0.0.1", "240.0.0.1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NodeConfig.fromExternalIds(Map.of("hostname", "rogue", "muon-encap-ip", bad)), bad);
            assertTrue(e.getMessage().contains(bad));
        }
        assertEquals("10.250.0.1", NodeConfig.fromExternalIds(Map.of("hostname", "n", "muon-encap-ip", "10.250.0.1")).encapIp());
    }

    @Test
    void bogusBridgeMappingsAreRefused() {
        for (String bad : new String[] {"physnet1:br-int", "physnet1:br-tun", "a:br-x,b:br-x", "physnet1:br with space",
                "physnet1:a-bridge-name-too-long", "physnet1:br;rm"}) {
            assertThrows(IllegalArgumentException.class,
                    () -> NodeConfig.fromExternalIds(Map.of("hostname", "n", "muon-bridge-mappings", bad)), bad);
        }
        String huge = "physnet1:" + "x".repeat(100_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NodeConfig.fromExternalIds(Map.of("hostname", "n", "muon-bridge-mappings", huge)));
        assertTrue(e.getMessage().length() < 400, "a hostile value is not echoed whole");
    }

    @Test
    void tunnelPortsAreNamedLikeNeutrons() {
        assertEquals("vxlan-c0a8010d", Bridges.tunnelPortName("192.168.1.13"));
    }
}
