package dev.muon.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.muon.controller.MuonConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {
    private static ClusterConfig of(Map<String, String> env) {
        return ClusterConfig.from(MuonConfig.load(null, env, Map.of()));
    }

    @Test
    void aloneTheTargetIsThisControllersOwnAndEachStartIsANewInstance() {
        ClusterConfig c = of(Map.of("MUON_ADVERTISE_ADDRESS", "10.0.0.1"));
        assertEquals("tcp:10.0.0.1:6653", c.controllerTargets());
        assertEquals(Duration.ofSeconds(3), c.lease());
        assertNotEquals(c.instanceId(), of(Map.of()).instanceId());
    }

    @Test
    void everyControllersTargetOnceInTheOrderGiven() {
        ClusterConfig c = of(Map.of("MUON_CLUSTER_CONTROLLER_TARGETS", " tcp:10.0.0.1:6653, tcp:10.0.0.2:6653,,tcp:10.0.0.1:6653",
                "MUON_CLUSTER_INSTANCE_ID", "ctl-a", "MUON_CLUSTER_LEASE_SECONDS", "5"));
        assertEquals("tcp:10.0.0.1:6653,tcp:10.0.0.2:6653", c.controllerTargets());
        assertEquals("ctl-a", c.instanceId());
        assertEquals(Duration.ofSeconds(5), c.lease());
    }

    @Test
    void aLeaseShorterThanASecondOrAnOverlongIdIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> of(Map.of("MUON_CLUSTER_LEASE_SECONDS", "0")));
        assertThrows(IllegalArgumentException.class, () -> of(Map.of("MUON_CLUSTER_INSTANCE_ID", "x".repeat(65))));
    }
}
