package dev.muon.ovsdb;

import dev.muon.pipeline.compile.BridgeSpec;
import dev.muon.pipeline.compile.DatapathIds;
import dev.muon.pipeline.compile.DesiredState;
import dev.muon.pipeline.compile.PortSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Desired states like the compiler's for node1 (192.168.1.11) with a tunnel to 192.168.1.12. */
final class Specs {
    private Specs() {
    }

    static final String CONTROLLER = "tcp:127.0.0.1:6653";
    static final List<String> PROTOCOLS = List.of("OpenFlow13", "OpenFlow14");

    static PortSpec patch(String name, String peer) {
        return new PortSpec(name, "patch", Map.of("peer", peer));
    }

    static PortSpec vxlan(String remoteIp) {
        String hex = "";
        for (String octet : remoteIp.split("\\.")) {
            hex += String.format("%02x", Integer.parseInt(octet));
        }
        return new PortSpec("vxlan-" + hex, "vxlan", Map.of("remote_ip", remoteIp, "local_ip", "192.168.1.11",
                "in_key", "flow", "out_key", "flow"));
    }

    static BridgeSpec bridge(String name, PortSpec... ports) {
        return new BridgeSpec(name, "netdev", DatapathIds.hex(DatapathIds.of("node1", name)), "secure",
                PROTOCOLS, CONTROLLER, List.of(ports));
    }

    static BridgeSpec brInt() {
        return bridge("br-int", patch("patch-tun", "patch-int"));
    }

    static BridgeSpec brTun(boolean withTunnel) {
        List<PortSpec> ports = new ArrayList<>();
        ports.add(patch("patch-int", "patch-tun"));
        if (withTunnel) {
            ports.add(vxlan("192.168.1.12"));
        }
        return bridge("br-tun", ports.toArray(PortSpec[]::new));
    }

    static DesiredState desired(Map<String, Integer> vifTags, BridgeSpec... bridges) {
        return new DesiredState("node1", List.of(bridges), vifTags, Map.of(), Map.of());
    }
}
