package dev.muon.controller.dhcp;

import static dev.muon.controller.dhcp.DhcpOptions.BROADCAST;
import static dev.muon.controller.dhcp.DhcpOptions.CLASSLESS_ROUTES;
import static dev.muon.controller.dhcp.DhcpOptions.DNS_SERVERS;
import static dev.muon.controller.dhcp.DhcpOptions.DOMAIN_NAME;
import static dev.muon.controller.dhcp.DhcpOptions.HOSTNAME;
import static dev.muon.controller.dhcp.DhcpOptions.INTERFACE_MTU;
import static dev.muon.controller.dhcp.DhcpOptions.LEASE_TIME;
import static dev.muon.controller.dhcp.DhcpOptions.MESSAGE;
import static dev.muon.controller.dhcp.DhcpOptions.REBINDING_TIME;
import static dev.muon.controller.dhcp.DhcpOptions.RENEWAL_TIME;
import static dev.muon.controller.dhcp.DhcpOptions.ROUTER;
import static dev.muon.controller.dhcp.DhcpOptions.SERVER_ID;
import static dev.muon.controller.dhcp.DhcpOptions.SUBNET_MASK;

import dev.muon.pipeline.model.HostRoute;
import java.util.List;
import java.util.Optional;
import org.onlab.packet.DHCP;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server's decisions (RFC 2131), with no I/O: a client's request and what the
 * model says about its port in, the reply frame's bytes out — or nothing where the RFC says to
 * stay silent. Addresses are fixed by Neutron, so there is no lease state: the reply
 * depends only on the request and the model.
 */
final class DhcpServer {
    /**
     * The source MAC of every reply: locally administered, 4d:75 = "Mu", outside Neutron's
     * fa:16:3e range. Replies go straight out of the client's own port, so it needs no
     * uniqueness beyond not being a VM's.
     */
    static final MacAddress SERVER_MAC = MacAddress.valueOf("02:4d:75:00:00:01");
    private static final byte[] SERVER_MAC_BYTES = SERVER_MAC.toBytes();
    private static final byte[] BROADCAST_MAC = MacAddress.BROADCAST.toBytes();
    static final int SERVER_PORT = 67;
    static final int CLIENT_PORT = 68;
    private static final Logger LOG = LoggerFactory.getLogger(DhcpServer.class);
    private static final short BROADCAST_FLAG = (short) 0x8000;

    private final DhcpConfig config;

    DhcpServer(DhcpConfig config) {
        this.config = config;
    }

    /**
     * The reply frame to a client's DHCP message. {@code lease} is empty when the client's port
     * is unknown or gets no DHCP: such a client gets no answer (RFC 2131 4.3.1/4.3.2: a
     * server with no record of the client stays silent).
     */
    Optional<byte[]> answer(DhcpRequest request, Optional<ServedPort> served) {
        DHCP.MsgType type = request.type() == 0 ? null : DHCP.MsgType.getType((byte) request.type());
        if (request.op() != DhcpRequest.BOOTREQUEST || type == null || served.isEmpty()) {
            return Optional.empty();
        }
        ServedPort l = served.get();
        switch (type) {
            case DHCPDISCOVER:
                return Optional.of(reply(request, l, DHCP.MsgType.DHCPOFFER, l.address()));
            case DHCPREQUEST:
                return onRequest(request, l);
            case DHCPINFORM:
                // configuration only: no address, no lease time (RFC 2131 3.4, 4.3.5)
                return Optional.of(reply(request, l, DHCP.MsgType.DHCPACK, 0));
            case DHCPDECLINE:
                LOG.warn("port {} ({}) declined {}: another host uses it on network {}", l.lease().port().id(),
                        l.lease().port().macAddress(), Ip4Address.valueOf(request.requested()), l.lease().network().id());
                return Optional.empty();
            case DHCPRELEASE:
                LOG.info("port {} released {}; the address stays the port's", l.lease().port().id(),
                        Ip4Address.valueOf(request.ciaddr()));
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private Optional<byte[]> onRequest(DhcpRequest request, ServedPort l) {
        if (request.serverId() != 0 && request.serverId() != l.server()) {
            return Optional.empty();  // SELECTING, and the client chose another server's offer
        }
        // SELECTING / INIT-REBOOT name the address in option 50; RENEWING / REBINDING in ciaddr
        int claimed = request.requested() != 0 ? request.requested() : request.ciaddr();
        if (claimed != 0 && l.address() == claimed) {
            return Optional.of(reply(request, l, DHCP.MsgType.DHCPACK, claimed));
        }
        Ip4Address what = claimed == 0 ? null : Ip4Address.valueOf(claimed);
        LOG.info("port {}: NAK for {} (its address is {})", l.lease().port().id(), what, l.lease().address());
        return Optional.of(nak(request, l, "address " + what + " is not this port's"));
    }

    private byte[] reply(DhcpRequest request, ServedPort l, DHCP.MsgType type, int yiaddr) {
        DhcpOptions o = new DhcpOptions().messageType(type).int32(SERVER_ID, l.server());
        if (yiaddr != 0) {   // an answer to DHCPINFORM assigns nothing
            long lease = config.leaseSeconds();
            o.int32(LEASE_TIME, lease).int32(RENEWAL_TIME, lease / 2).int32(REBINDING_TIME, lease * 7 / 8);
        }
        o.encoded(l.configuration());
        int ciaddr = type == DHCP.MsgType.DHCPACK ? request.ciaddr() : 0;
        // RFC 2131 4.1: to ciaddr if the client has one, else broadcast if it asked, else to yiaddr
        int to = request.ciaddr() != 0 ? request.ciaddr() : yiaddr;
        boolean broadcast = to == 0 || request.ciaddr() == 0 && (request.flags() & BROADCAST_FLAG) != 0;
        return frame(l, request, broadcast, to, ciaddr, yiaddr, l.nextServer(), o);
    }

    /**
     * The options every reply to the lease's port carries after the lease times: its subnet's
     * settings, its names, and its extra options in place of the defaults of the same codes.
     */
    byte[] configuration(DhcpLease l, ExtraOptions extra) {
        DhcpOptions o = new DhcpOptions().except(extra.byCode().keySet());
        o.address(SUBNET_MASK, l.mask()).address(BROADCAST, l.broadcast()).address(ROUTER, l.gateway());
        o.addresses(DNS_SERVERS, l.dnsServers());
        o.text(HOSTNAME, l.hostname()).text(DOMAIN_NAME, l.domain(config.domain()));
        if (l.network().mtu() >= 68) {
            o.int16(INTERFACE_MTU, l.network().mtu());
        }
        if (!l.subnet().hostRoutes().isEmpty()) {
            List<HostRoute> routes = ClasslessRoutes.withDefault(l.subnet().hostRoutes(), l.gateway());
            o.bytes(CLASSLESS_ROUTES, ClasslessRoutes.encode(routes));
        }
        extra.byCode().forEach(o::extra);
        return o.encodeWithoutEnd();
    }

    /** NAKs are always broadcast (RFC 2131 4.1): the client may not have the address it thinks. */
    private byte[] nak(DhcpRequest request, ServedPort l, String why) {
        DhcpOptions o = new DhcpOptions().messageType(DHCP.MsgType.DHCPNAK).int32(SERVER_ID, l.server())
                .text(MESSAGE, why);
        return frame(l, request, true, 0, 0, 0, 0, o);   // no next server in a NAK (RFC 2131 table 3)
    }

    private static byte[] frame(ServedPort l, DhcpRequest request, boolean broadcast, int to, int ciaddr, int yiaddr,
                                int siaddr, DhcpOptions options) {
        byte[] dst = broadcast || request.chaddr() == null ? BROADCAST_MAC : request.chaddr();
        return DhcpReplyFrame.encode(SERVER_MAC_BYTES, dst, l.server(), broadcast ? 0xffffffff : to,
                request, ciaddr, yiaddr, siaddr, options.encode());
    }
}
