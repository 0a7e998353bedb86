package dev.muon.pipeline.compile;

import static dev.muon.pipeline.flow.Action.controller;
import static dev.muon.pipeline.flow.PipelineTable.INT_LOCAL_SWITCHING;

import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.flow.Match;
import dev.muon.pipeline.flow.Meter;
import dev.muon.pipeline.flow.Priority;
import dev.muon.pipeline.model.FixedIp;
import dev.muon.pipeline.model.NetworkModel;
import dev.muon.pipeline.model.Port;
import java.util.Optional;

/**
 * DHCP without flooding: a VIF's DHCP requests go to the controller, which answers them
 * itself (packet-out straight back to the VIF), above the port's anti-spoofing flows so a
 * DHCPDISCOVER (source 0.0.0.0, broadcast) is never switched, and so never flooded to other
 * nodes. Only for ports with an IPv4 subnet that has DHCP enabled: elsewhere DHCP is switched
 * like any traffic, so a tenant's own DHCP server still works.
 *
 * <p>Each VIF's requests pass its own meter first ({@link DhcpMeter}): a VM that floods DHCP is
 * held to its rate in Open vSwitch, and never crowds the others' requests out of the controller.
 */
final class Dhcp implements PipelineModule {
    static final int CLIENT_PORT = 68;
    static final int SERVER_PORT = 67;

    @Override
    public void contribute(CompileContext ctx, PipelineSink sink) {
        for (LocalPort lp : ctx.topo().localPorts()) {
            Port port = lp.port();
            if (port.adminStateUp() && servedByDhcp(ctx.topo().model(), port)) {
                int in = lp.ofport();
                var flow = INT_LOCAL_SWITCHING.flow(Priority.DHCP_TO_CONTROLLER)
                        .cookie(ctx.cookies().port(port.id(), port.name()))
                        .match(m -> m.ethType(Match.ETH_TYPE_IPV4).ipProto(Match.IP_PROTO_UDP).inPort(in)
                                .udpSrc(CLIENT_PORT).udpDst(SERVER_PORT));
                Optional<Meter> meter = ctx.dhcpMeter().forPort(in);
                meter.ifPresent(m -> {
                    sink.meter(Bridges.INTEGRATION, m);
                    flow.action(Action.useMeter(m.id()));
                });
                sink.add(Bridges.INTEGRATION, flow.action(controller()).build());
            }
        }
    }

    /** The port has a fixed IP on an IPv4 subnet with enable_dhcp. */
    static boolean servedByDhcp(NetworkModel model, Port port) {
        for (FixedIp ip : port.fixedIps()) {
            boolean dhcp = model.subnet(ip.subnetId()).map(s -> s.ipVersion() == 4 && s.enableDhcp()).orElse(false);
            if (dhcp) {
                return true;
            }
        }
        return false;
    }
}
