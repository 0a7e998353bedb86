package dev.muon.controller.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.compile.DatapathIds;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {
    private static final List<String> BRIDGES = List.of("br-int", "br-tun", "br-ex");

    private static NodeIdentity subject(String dn) {
        return NodeIdentity.of(new X500Principal(dn));
    }

    @Test
    void theNameIsTheCommonNameBeforeOvsPkisUniqueId() {
        NodeIdentity id = subject("CN=node1 id:0920a865-66ea-4cc2-bd30-1ec057ffefbe, OU=Open vSwitch certifier, O=Open vSwitch, ST=CA, C=US");
        assertEquals("node1", id.name());
        assertTrue(id.tls());
        assertEquals("node1", subject("CN=node1, O=Open vSwitch").name());   // ovs-pki -u
        assertEquals("compute-1.example.org", subject("CN=compute-1.example.org id:2026 Dec 03 15:30:54").name());
    }

    @Test
    void aCertificateIsTheHostItNamesAndNoOther() {
        NodeIdentity node1 = subject("CN=node1 id:0920a865-66ea-4cc2-bd30-1ec057ffefbe");
        assertEquals(Optional.empty(), node1.refusalAsHost("node1"));
        assertEquals(Optional.of("certificate names 'node1' but it claims hostname 'node2'"), node1.refusalAsHost("node2"));
        assertTrue(node1.refusalAsHost("Node1").isPresent(), "hostnames compare exactly");
        assertTrue(node1.refusalAsHost("node1 id:0920a865-66ea-4cc2-bd30-1ec057ffefbe").isPresent());
        assertEquals(Optional.empty(), node1.refusalAsHost(null), "no hostname yet claims nothing");
    }

    @Test
    void aCertificateWithoutOneUsableNameIsNobody() {
        for (String dn : List.of("O=Open vSwitch, C=US", "CN=a, CN=b", "CN=a+CN=b, O=x")) {
            NodeIdentity id = subject(dn);
            assertNull(id.name(), dn);
            assertTrue(id.refusalAsHost("a").isPresent(), dn);
            assertTrue(id.refusalAsSwitch(DatapathIds.of("a", "br-int"), BRIDGES).isPresent(), dn);
        }
    }

    @Test
    void plainTcpProvesNothingAndIsTrusted() {
        NodeIdentity plain = NodeIdentity.of(Optional.empty());
        assertFalse(plain.tls());
        assertEquals(Optional.empty(), plain.refusalAsHost("node1"));
        assertEquals(Optional.empty(), plain.refusalAsSwitch(DatapathIds.of("node1", "br-int"), BRIDGES));
    }

    @Test
    void aSwitchMayTakeOnlyADatapathIdOfItsOwnBridges() {
        NodeIdentity node2 = subject("CN=node2 id:1");
        for (String bridge : BRIDGES) {
            assertEquals(Optional.empty(), node2.refusalAsSwitch(DatapathIds.of("node2", bridge), BRIDGES), bridge);
            assertTrue(node2.refusalAsSwitch(DatapathIds.of("node1", bridge), BRIDGES).isPresent(), bridge);
        }
        assertTrue(node2.refusalAsSwitch(DatapathIds.of("node2", "br-other"), BRIDGES).isPresent(), "not a bridge of node2");
        assertTrue(node2.refusalAsSwitch(0x1L, BRIDGES).orElseThrow().contains("0000000000000001"));
    }
}
