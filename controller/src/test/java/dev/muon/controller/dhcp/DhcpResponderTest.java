package dev.muon.controller.dhcp;

import dev.muon.controller.RecordingSwitch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.muon.controller.MuonConfig;
import dev.muon.ofdriver.OpenFlowPorts;
import dev.muon.ofdriver.PacketIn;
import dev.muon.pipeline.flow.Action;
import dev.muon.pipeline.model.HostRoute;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.onlab.packet.DHCP.MsgType;
import org.onlab.packet.MacAddress;

/**
 * The controller's DHCP server end to end from packet-in bytes to packet-out bytes: the
 * frames of a real udhcpc exchange, every message type, the options (incl. 26 and 121),
 * RFC 2131's NAK and silence rules, and who it refuses to answer.
 */
class DhcpResponderTest {
    private static final String SERVER_MAC = "02:4d:75:00:00:01";
    private final DhcpWorld world = new DhcpWorld();

    @Test
    void udhcpcDiscoverGetsAnOfferWithThePortsAddressAndEveryOption() throws Exception {
        Reply offer = only(send(ClientFrames.UDHCPC_DISCOVER));

        assertEquals(MsgType.DHCPOFFER, offer.type());
        assertEquals(MacAddress.valueOf(SERVER_MAC), offer.eth.getSourceMAC());
        assertEquals(MacAddress.valueOf(DhcpWorld.MAC), offer.eth.getDestinationMAC(), "unicast: no broadcast flag");
        assertEquals("10.0.0.1", offer.ipSrc(), "from the gateway address");
        assertEquals("10.0.0.10", offer.ipDst());
        assertEquals(67, offer.udp.getSourcePort());
        assertEquals(68, offer.udp.getDestinationPort());
        assertEquals(2, offer.dhcp.getOpCode());
        assertEquals(ClientFrames.XID, offer.dhcp.getTransactionId());
        assertEquals("10.0.0.10", offer.yiaddr());
        assertEquals("0.0.0.0", offer.ciaddr());
        assertArrayEquals(MacAddress.valueOf(DhcpWorld.MAC).toBytes(), offer.dhcp.getClientHardwareAddress());
        assertFullConfiguration(offer);
        assertEquals(List.of(53, 54, 51, 58, 59, 1, 28, 3, 6, 12, 15, 26, 121), List.copyOf(offer.options.keySet()));
    }

    @Test
    void udhcpcRequestForTheOfferedAddressIsAcked() throws Exception {
        Reply ack = only(send(ClientFrames.UDHCPC_REQUEST));

        assertEquals(MsgType.DHCPACK, ack.type());
        assertEquals("10.0.0.10", ack.yiaddr());
        assertEquals("10.0.0.10", ack.ipDst());
        assertFullConfiguration(ack);
    }

    @Test
    void theReplyGoesOutOfTheClientsOwnPortFromTheController() {
        List<RecordingSwitch.PacketOut> out = send(ClientFrames.UDHCPC_DISCOVER);
        assertEquals(1, out.size());
        assertEquals(OpenFlowPorts.CONTROLLER, out.get(0).inPort());
        assertEquals(List.of(Action.output(DhcpWorld.OFPORT)), out.get(0).actions());
    }

    @Test
    void routesOption121EncodesHostRoutesThenTheDefaultRouteAsRfc3442() throws Exception {
        Reply offer = only(send(ClientFrames.UDHCPC_DISCOVER));
        // 172.16.0.0/24 via 10.0.0.254, then 0.0.0.0/0 via 10.0.0.1
        assertEquals("18ac10000a0000fe000a000001", HexFormat.of().formatHex(offer.options.get(121)));
    }

    @Test
    void mtuOption26IsTheNetworksMtu() throws Exception {
        assertEquals(1450, only(send(ClientFrames.UDHCPC_DISCOVER)).u16Option(26));
        world.network = DhcpWorld.network("net1", 9000);
        assertEquals(9000, only(send(ClientFrames.UDHCPC_DISCOVER)).u16Option(26));
    }

    @Test
    void broadcastFlagGetsABroadcastReply() throws Exception {
        Reply offer = only(send(ClientFrames.of(MsgType.DHCPDISCOVER).broadcastFlag().frame()));
        assertEquals(MacAddress.BROADCAST, offer.eth.getDestinationMAC());
        assertEquals("255.255.255.255", offer.ipDst());
        assertEquals((short) 0x8000, offer.dhcp.getFlags());
        assertEquals("10.0.0.10", offer.yiaddr());
    }

    @Test
    void selectingAnotherAddressIsNakkedByBroadcast() throws Exception {
        Reply nak = only(send(ClientFrames.of(MsgType.DHCPREQUEST).serverId("10.0.0.1").requested("10.0.0.99").frame()));
        assertNak(nak);
    }

    @Test
    void initRebootForAnOldAddressIsNakked() throws Exception {
        // e.g. the port's fixed IP changed while the VM was off
        assertNak(only(send(ClientFrames.of(MsgType.DHCPREQUEST).requested("10.0.0.77").frame())));
        Reply ack = only(send(ClientFrames.of(MsgType.DHCPREQUEST).requested("10.0.0.10").frame()));
        assertEquals(MsgType.DHCPACK, ack.type());
    }

    @Test
    void renewingIsAckedUnicastToCiaddrAndAWrongCiaddrIsNakked() throws Exception {
        Reply ack = only(send(ClientFrames.of(MsgType.DHCPREQUEST).ciaddr("10.0.0.10").frame()));
        assertEquals(MsgType.DHCPACK, ack.type());
        assertEquals("10.0.0.10", ack.ciaddr());
        assertEquals("10.0.0.10", ack.yiaddr());
        assertEquals("10.0.0.10", ack.ipDst());
        assertEquals(MacAddress.valueOf(DhcpWorld.MAC), ack.eth.getDestinationMAC());
        assertEquals(86400, ack.u32Option(51));

        assertNak(only(send(ClientFrames.of(MsgType.DHCPREQUEST).ciaddr("10.0.0.11").frame())));
    }

    @Test
    void requestNamingAnotherServerIsIgnored() {
        assertEquals(List.of(), send(ClientFrames.of(MsgType.DHCPREQUEST).serverId("10.0.0.2").requested("10.0.0.10")
                .frame()), "the client accepted another server's offer");
    }

    @Test
    void informIsAnsweredWithConfigurationButNoAddressOrLease() throws Exception {
        Reply ack = only(send(ClientFrames.of(MsgType.DHCPINFORM).ciaddr("10.0.0.10").frame()));
        assertEquals(MsgType.DHCPACK, ack.type());
        assertEquals("0.0.0.0", ack.yiaddr());
        assertEquals("10.0.0.10", ack.ciaddr());
        assertEquals("10.0.0.10", ack.ipDst(), "unicast to ciaddr");
        assertEquals("255.255.255.0", ack.ipOption(1));
        assertEquals("192.0.2.53", ack.ipOption(6));
        for (int leaseOption : new int[] {51, 58, 59}) {
            assertFalse(ack.options.containsKey(leaseOption), "option " + leaseOption + " in an INFORM answer");
        }
    }

    @Test
    void declineAndReleaseGetNoAnswer() {
        assertEquals(List.of(), send(ClientFrames.of(MsgType.DHCPDECLINE).serverId("10.0.0.1").requested("10.0.0.10")
                .frame()));
        assertEquals(List.of(), send(ClientFrames.of(MsgType.DHCPRELEASE).ciaddr("10.0.0.10").serverId("10.0.0.1")
                .frame()));
    }

    @Test
    void clientsTheModelDoesNotKnowGetNoAnswer() {
        byte[] discover = ClientFrames.UDHCPC_DISCOVER;
        // a VIF whose iface-id names no port
        assertEquals(List.of(), packetIn(6, discover));
        // an ofport with no VIF
        assertEquals(List.of(), packetIn(42, discover));
        // the right VIF asking for another MAC (chaddr is not the port's)
        assertEquals(List.of(), send(ClientFrames.of(MsgType.DHCPDISCOVER).mac("fa:16:3e:99:99:99").frame()));
        assertEquals(List.of(), send(ClientFrames.of(MsgType.DHCPREQUEST).mac("fa:16:3e:99:99:99")
                .requested("10.0.0.10").frame()));
        // a bridge that is not a known node's br-int
        RecordingSwitch other = new RecordingSwitch(42L);
        world.responder().packetIn(other, new PacketIn(DhcpWorld.OFPORT, PacketIn.Reason.ACTION, 0, 0, discover));
        assertEquals(List.of(), other.sent);
    }

    @Test
    void portsWithoutDhcpGetNoAnswer() {
        world.ports.replaceAll(p -> DhcpWorld.port(p.id(), p.macAddress(), "10.0.0.10", false));
        assertEquals(List.of(), send(ClientFrames.UDHCPC_DISCOVER), "admin_state_up=false");

        world.ports.replaceAll(p -> DhcpWorld.port(p.id(), p.macAddress(), "10.0.0.10", true));
        world.subnet = DhcpWorld.subnet("10.0.0.1", List.of(), List.of(), false);
        assertEquals(List.of(), send(ClientFrames.UDHCPC_DISCOVER), "enable_dhcp=false");
        assertEquals(List.of(), send(ClientFrames.UDHCPC_REQUEST), "enable_dhcp=false");
    }

    @Test
    void withoutAGatewayTheServerIsTheFirstFreePoolAddressAndNoRouterIsSent() throws Exception {
        world.subnet = DhcpWorld.subnet(null, List.of(), List.of(new HostRoute("172.16.0.0/24", "10.0.0.254")), true);
        world.ports.add(DhcpWorld.port("vm2", "fa:16:3e:00:00:02", "10.0.0.2", true));

        Reply offer = only(send(ClientFrames.UDHCPC_DISCOVER));
        assertEquals("10.0.0.3", offer.ipSrc(), ".2 is vm2's");
        assertEquals("10.0.0.3", offer.ipOption(54));
        assertFalse(offer.options.containsKey(3), "no router without a gateway");
        assertFalse(offer.options.containsKey(6), "no DNS servers configured");
        assertEquals("18ac10000a0000fe", HexFormat.of().formatHex(offer.options.get(121)), "no default route");

        // the client's REQUEST names that server, and is acked
        Reply ack = only(send(ClientFrames.of(MsgType.DHCPREQUEST).serverId("10.0.0.3").requested("10.0.0.10").frame()));
        assertEquals(MsgType.DHCPACK, ack.type());
    }

    @Test
    void withoutHostRoutesOption121IsNotSentAndOption3Is() throws Exception {
        world.subnet = DhcpWorld.subnet("10.0.0.1", List.of("192.0.2.53", "192.0.2.54"), List.of(), true);
        Reply offer = only(send(ClientFrames.UDHCPC_DISCOVER));
        assertFalse(offer.options.containsKey(121));
        assertEquals("10.0.0.1", offer.ipOption(3));
        assertEquals("c0000235c0000236", HexFormat.of().formatHex(offer.options.get(6)));
    }

    @Test
    void leaseTimeAndDomainComeFromConfiguration() throws Exception {
        DhcpConfig defaults = DhcpConfig.from(MuonConfig.load(null, Map.of(), Map.of()));
        assertEquals(DhcpConfig.DEFAULTS, defaults);

        world.config = DhcpConfig.from(MuonConfig.load(null, Map.of("MUON_DHCP_LEASE_SECONDS", "600"),
                Map.of("dhcp.domain", "example.org")));
        Reply offer = only(send(ClientFrames.UDHCPC_DISCOVER));
        assertEquals(600, offer.u32Option(51));
        assertEquals(300, offer.u32Option(58));
        assertEquals(525, offer.u32Option(59));
        assertEquals("example.org", offer.textOption(15));
    }

    @Test
    void packetInsThatAreNotDhcpRequestsAreLeftAlone() {
        byte[] arp = HexFormat.of().parseHex("fffffffffffffa163e0d76df08060001080006040001fa163e0d76df0a00000a"
                + "0000000000000a000001");
        assertEquals(List.of(), send(arp));
        assertEquals(List.of(), send(new byte[] {1, 2, 3}));
        byte[] truncated = java.util.Arrays.copyOf(ClientFrames.UDHCPC_DISCOVER, 100);
        assertEquals(List.of(), send(truncated));
    }

    private void assertFullConfiguration(Reply r) {
        assertEquals("10.0.0.1", r.ipOption(54), "server identifier");
        assertEquals(86400, r.u32Option(51), "lease time");
        assertEquals(43200, r.u32Option(58), "T1");
        assertEquals(75600, r.u32Option(59), "T2");
        assertEquals("255.255.255.0", r.ipOption(1), "mask");
        assertEquals("10.0.0.255", r.ipOption(28), "broadcast");
        assertEquals("10.0.0.1", r.ipOption(3), "router");
        assertEquals("192.0.2.53", r.ipOption(6), "DNS");
        assertEquals("host-10-0-0-10", r.textOption(12), "hostname, as Neutron names it");
        assertEquals("openstacklocal", r.textOption(15), "domain");
        assertEquals(1450, r.u16Option(26), "MTU");
        assertTrue(r.options.containsKey(121), "classless static routes");
    }

    private static void assertNak(Reply nak) {
        assertEquals(MsgType.DHCPNAK, nak.type());
        assertEquals(MacAddress.BROADCAST, nak.eth.getDestinationMAC());
        assertEquals("255.255.255.255", nak.ipDst());
        assertEquals("0.0.0.0", nak.yiaddr());
        assertEquals("0.0.0.0", nak.ciaddr());
        assertEquals("10.0.0.1", nak.ipOption(54));
        assertEquals(List.of(53, 54, 56), List.copyOf(nak.options.keySet()), "nothing but type, server and message");
    }

    @Test
    void requestsAndRepliesAreCountedForTheMetrics() {
        DhcpResponder responder = world.responder();
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger replies = new AtomicInteger();
        responder.count(requests::incrementAndGet, replies::incrementAndGet);
        assertTrue(responder.packetIn(world.brInt, new PacketIn(DhcpWorld.OFPORT, PacketIn.Reason.ACTION, 0, 0,
                ClientFrames.UDHCPC_DISCOVER)));
        assertTrue(responder.packetIn(world.brInt, new PacketIn(42, PacketIn.Reason.ACTION, 0, 0,
                ClientFrames.UDHCPC_DISCOVER)), "a request from a port with no lease: counted, not answered");
        assertFalse(responder.packetIn(world.brInt, new PacketIn(DhcpWorld.OFPORT, PacketIn.Reason.ACTION, 0, 0,
                new byte[64])), "not DHCP");
        assertEquals(2, requests.get());
        assertEquals(1, replies.get());
        assertEquals(1, world.brInt.sent.size());
    }

    private List<RecordingSwitch.PacketOut> send(byte[] frame) {
        return packetIn(DhcpWorld.OFPORT, frame);
    }

    private List<RecordingSwitch.PacketOut> packetIn(int ofport, byte[] frame) {
        world.brInt.sent.clear();
        world.responder().packetIn(world.brInt, new PacketIn(ofport, PacketIn.Reason.ACTION, 0, 0x4d75030000000000L, frame));
        return List.copyOf(world.brInt.sent);
    }

    private static Reply only(List<RecordingSwitch.PacketOut> out) throws Exception {
        assertEquals(1, out.size(), "exactly one reply");
        return new Reply(out.get(0).data());
    }
}
