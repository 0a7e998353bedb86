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
import static dev.muon.controller.dhcp.DhcpOptions.REQUESTED_ADDRESS;
import static dev.muon.controller.dhcp.DhcpOptions.ROUTER;
import static dev.muon.controller.dhcp.DhcpOptions.SERVER_ID;
import static dev.muon.controller.dhcp.DhcpOptions.SUBNET_MASK;

import dev.muon.pipeline.model.HostRoute;
import java.util.List;
import java.util.Optional;
import org.onlab.packet.DHCP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.UDP;
import org.onlab.packet.dhcp.DhcpOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server's decisions (RFC 2131), with no I/O: a client's request and what the
 * model says about its port in, the reply frame out — or nothing where the RFC says to
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
    static final int SERVER_PORT = 67;
    static final int CLIENT_PORT = 68;
    private static final Logger LOG = LoggerFactory.getLogger(DhcpServer.class);
    private static final short BROADCAST_FLAG = (short) 0x8000;
    private static final byte TTL = 64;

    private final DhcpConfig config;

    DhcpServer(DhcpConfig config) {
        this.config = config;
    }

    /**
     * The answer to a client's DHCP message. {@code lease} is empty when the client's port
     * is unknown or gets no DHCP: such a client gets no answer (RFC 2131 4.3.1/4.3.2: a
     * server with no record of the client stays silent).
     */
    Optional<Ethernet> answer(DHCP request, Optional<DhcpLease> lease) {
        DHCP.MsgType type = request.getPacketType();
        if (request.getOpCode() != DHCP.OPCODE_REQUEST || type == null || lease.isEmpty()) {
            return Optional.empty();
        }
        DhcpLease l = lease.get();
        Ip4Address ciaddr = Ip4Address.valueOf(request.getClientIPAddress());
        switch (type) {
            case DHCPDISCOVER:
                return Optional.of(reply(request, l, DHCP.MsgType.DHCPOFFER, l.address()));
            case DHCPREQUEST:
                return onRequest(request, l, ciaddr);
            case DHCPINFORM:
                // configuration only: no address, no lease time (RFC 2131 3.4, 4.3.5)
                return Optional.of(reply(request, l, DHCP.MsgType.DHCPACK, Ip4Address.ZERO));
            case DHCPDECLINE:
                LOG.warn("port {} ({}) declined {}: another host uses it on network {}", l.port().id(),
                        l.port().macAddress(), requested(request), l.network().id());
                return Optional.empty();
            case DHCPRELEASE:
                LOG.info("port {} released {}; the address stays the port's", l.port().id(), ciaddr);
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private Optional<Ethernet> onRequest(DHCP request, DhcpLease l, Ip4Address ciaddr) {
        Ip4Address serverId = option(request, SERVER_ID);
        if (serverId != null && !serverId.equals(l.serverAddress())) {
            return Optional.empty();  // SELECTING, and the client chose another server's offer
        }
        // SELECTING / INIT-REBOOT name the address in option 50; RENEWING / REBINDING in ciaddr
        Ip4Address claimed = requested(request);
        if (claimed == null && !ciaddr.equals(Ip4Address.ZERO)) {
            claimed = ciaddr;
        }
        if (l.address().equals(claimed)) {
            return Optional.of(reply(request, l, DHCP.MsgType.DHCPACK, l.address()));
        }
        LOG.info("port {}: NAK for {} (its address is {})", l.port().id(), claimed, l.address());
        return Optional.of(nak(request, l, "address " + claimed + " is not this port's"));
    }

    private Ethernet reply(DHCP request, DhcpLease l, DHCP.MsgType type, Ip4Address yiaddr) {
        DhcpOptions o = new DhcpOptions().messageType(type).address(SERVER_ID, l.serverAddress());
        if (!yiaddr.equals(Ip4Address.ZERO)) {   // an answer to DHCPINFORM assigns nothing
            long lease = config.leaseSeconds();
            o.int32(LEASE_TIME, lease).int32(RENEWAL_TIME, lease / 2).int32(REBINDING_TIME, lease * 7 / 8);
        }
        o.address(SUBNET_MASK, l.mask()).address(BROADCAST, l.broadcast()).address(ROUTER, l.gateway());
        o.addresses(DNS_SERVERS, l.subnet().dnsNameservers().stream()
                .filter(ns -> !ns.contains(":")).map(Ip4Address::valueOf).toList());
        o.text(HOSTNAME, l.hostname()).text(DOMAIN_NAME, config.domain());
        if (l.network().mtu() >= 68) {
            o.int16(INTERFACE_MTU, l.network().mtu());
        }
        if (!l.subnet().hostRoutes().isEmpty()) {
            List<HostRoute> routes = ClasslessRoutes.withDefault(l.subnet().hostRoutes(), l.gateway());
            o.bytes(CLASSLESS_ROUTES, ClasslessRoutes.encode(routes));
        }
        DHCP dhcp = header(request, o)
                .setClientIPAddress(type == DHCP.MsgType.DHCPACK ? request.getClientIPAddress() : 0)
                .setYourIPAddress(yiaddr.toInt());
        // RFC 2131 4.1: to ciaddr if the client has one, else broadcast if it asked, else to yiaddr
        Ip4Address to = request.getClientIPAddress() != 0 ? Ip4Address.valueOf(request.getClientIPAddress()) : yiaddr;
        boolean broadcast = to.equals(Ip4Address.ZERO)
                || request.getClientIPAddress() == 0 && (request.getFlags() & BROADCAST_FLAG) != 0;
        return frame(l, dhcp, request, broadcast, to);
    }

    /** NAKs are always broadcast (RFC 2131 4.1): the client may not have the address it thinks. */
    private Ethernet nak(DHCP request, DhcpLease l, String why) {
        DhcpOptions o = new DhcpOptions().messageType(DHCP.MsgType.DHCPNAK).address(SERVER_ID, l.serverAddress())
                .text(MESSAGE, why);
        DHCP dhcp = header(request, o).setClientIPAddress(0).setYourIPAddress(0);
        return frame(l, dhcp, request, true, null);
    }

    private static DHCP header(DHCP request, DhcpOptions options) {
        return new DHCP()
                .setOpCode(DHCP.OPCODE_REPLY)
                .setHardwareType(DHCP.HWTYPE_ETHERNET)
                .setHardwareAddressLength((byte) 6)
                .setHops((byte) 0)
                .setTransactionId(request.getTransactionId())
                .setSeconds((short) 0)
                .setFlags(request.getFlags())
                .setServerIPAddress(0)
                .setGatewayIPAddress(request.getGatewayIPAddress())
                .setClientHardwareAddress(request.getClientHardwareAddress())
                .setOptions(options.build());
    }

    private static Ethernet frame(DhcpLease l, DHCP dhcp, DHCP request, boolean broadcast, Ip4Address to) {
        UDP udp = new UDP();
        udp.setSourcePort(SERVER_PORT);
        udp.setDestinationPort(CLIENT_PORT);
        udp.setPayload(dhcp);
        IPv4 ip = new IPv4()
                .setSourceAddress(l.serverAddress().toInt())
                .setDestinationAddress(broadcast ? 0xffffffff : to.toInt())
                .setTtl(TTL)
                .setProtocol(IPv4.PROTOCOL_UDP);
        ip.setPayload(udp);
        Ethernet eth = new Ethernet()
                .setSourceMACAddress(SERVER_MAC)
                .setDestinationMACAddress(broadcast ? MacAddress.BROADCAST
                        : MacAddress.valueOf(request.getClientHardwareAddress()))
                .setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        return eth;
    }

    private static Ip4Address requested(DHCP request) {
        return option(request, REQUESTED_ADDRESS);
    }

    private static Ip4Address option(DHCP request, int code) {
        for (DhcpOption o : request.getOptions()) {
            if ((o.getCode() & 0xff) == code && o.getData() != null && o.getData().length == 4) {
                return Ip4Address.valueOf(o.getData());
            }
        }
        return null;
    }
}
