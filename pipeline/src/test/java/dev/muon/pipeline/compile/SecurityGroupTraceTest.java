package dev.muon.pipeline.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.pipeline.model.Port;
import dev.muon.pipeline.trace.PacketTracer;
import dev.muon.pipeline.trace.TracePacket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `./muon trace` through the firewall on seed 003's node2, where test01 (10.0.0.7, node1) reaches
 * test02 (10.0.0.8, ofport 3) over the tunnel: the rule that lets a packet in is named (the default
 * group's remote-group rule, a conjunction), as is the port whose firewall drops one.
 */
class SecurityGroupTraceTest {
    private static final Map<String, Integer> VLANS = Map.of("net-private", 1, "net-private2", 2);
    private static final String TEST01 = "fa:16:3e:5a:6e:54";
    private static final String TEST02 = "fa:16:3e:76:47:75";
    /** From node1's tunnel, a member of the default group to test02. */
    private static final String FROM_TEST01 = "in_port=vxlan-c0a8010b,tun_id=0x42,tcp,dl_src=" + TEST01 + ",dl_dst=" + TEST02
            + ",nw_src=10.0.0.7,nw_dst=10.0.0.8,tp_src=40000,tp_dst=22";

    private final SeedTopology seed = SeedTopology.seed003();

    private PacketTracer.Result trace(String packet) {
        DesiredState d = PipelineCompiler.compile(seed.input("node2", VLANS));
        return PacketTracer.trace(d, seed.nodes.get("node2"), seed.model(), "br-tun", TracePacket.parse(packet));
    }

    @Test
    void aMemberOfTheDefaultGroupIsLetInByTheRemoteGroupRule() {
        PacketTracer.Result r = trace(FROM_TEST01);
        assertEquals(1, r.outcomes().size(), r.text());
        assertTrue(r.outcomes().get(0).startsWith("VIF qvo28e6e267-f3"), r.text());
        assertTrue(r.text().contains("security group rule rule-def-in4"), "names the rule:\n" + r.text());
        assertTrue(r.text().contains("conj_id="), r.text());
    }

    @Test
    void aPortOutsideTheGroupIsDroppedByTheFirewallOfTheDestination() {
        seed.update("port-test01", p -> new Port(p.id(), p.name(), p.description(), p.projectId(), p.networkId(),
                p.macAddress(), p.fixedIps(), p.adminStateUp(), p.status(), p.deviceId(), p.deviceOwner(),
                p.bindingHostId(), p.portSecurityEnabled(), p.allowedAddressPairs(), p.createdAt(), p.updatedAt(),
                p.revisionNumber(), List.of(), p.bindingProfile(), p.tags()));
        PacketTracer.Result r = trace(FROM_TEST01);
        assertEquals(List.of("dropped in br-int table 82 by port port-test02 (port-test02)"), r.outcomes(), r.text());
    }

    @Test
    void anEstablishedConnectionNoRuleAllowsAnyMoreIsRevokedAndItsRepliesStop() {
        seed.rules.removeIf(r -> r.id().equals("rule-def-in4"));
        PacketTracer.Result r = trace(FROM_TEST01 + " --ct-next trk,est");
        assertTrue(r.text().contains("set_field:0x1->ct_mark"), "marked revoked:\n" + r.text());
        assertEquals(List.of("dropped in br-int: no output"), r.outcomes(), r.text());
        // test02's reply on that connection now meets the mark on its way out
        PacketTracer.Result reply = PacketTracer.trace(PipelineCompiler.compile(seed.input("node2", VLANS)),
                seed.nodes.get("node2"), seed.model(), "br-int", TracePacket.parse("in_port=qvo28e6e267-f3,tcp,dl_src="
                        + TEST02 + ",dl_dst=" + TEST01 + ",nw_src=10.0.0.8,nw_dst=10.0.0.7,tp_src=22,tp_dst=40000"
                        + " --ct-next trk,est,rpl --ct-mark 0x1"));
        assertEquals(List.of("dropped in br-int table 72 by port port-test02 (port-test02)"), reply.outcomes(),
                reply.text());
    }

    @Test
    void aSpoofedSourceIsDroppedLeavingThePort() {
        PacketTracer.Result r = PacketTracer.trace(PipelineCompiler.compile(seed.input("node2", VLANS)),
                seed.nodes.get("node2"), seed.model(), "br-int", TracePacket.parse("in_port=qvo28e6e267-f3,tcp,dl_src="
                        + TEST02 + ",dl_dst=" + TEST01 + ",nw_src=10.0.0.99,nw_dst=10.0.0.7,tp_src=22,tp_dst=40000"));
        assertEquals(List.of("dropped in br-int table 71 by port port-test02 (port-test02)"), r.outcomes(), r.text());
    }
}
